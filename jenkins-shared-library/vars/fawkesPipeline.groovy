// The golden-path pipeline of a service repository:
//
//   @Library('fawkes') _
//   fawkesPipeline(service: 'checkout-api', team: 'payments', buildType: 'node')
//
// A service in a monorepo passes its folder (`path: 'services/checkout'`): it builds, tests and builds its
// image (context and Dockerfile) there.
//
// Every branch and pull request: checkout, build and test with the build type's pinned toolchain. On main:
// build the image with rootless BuildKit (no privileged container), push it to GHCR tagged with the commit
// SHA, record its digest, and dispatch the platform repository's release workflow, which opens a pull
// request recording `<commit>@<digest>` for the first environment. Deployments reach DevLake from ArgoCD.
import dev.fawkes.BuildTool
import dev.fawkes.Release

def call(Map config) {
  String service = required(config, 'service')
  required(config, 'team')
  Map<String, String> tool = BuildTool.forType(required(config, 'buildType'))
  String folder = BuildTool.folder(config.path as String)
  String registry = config.registry ?: env.FAWKES_REGISTRY
  String platformRepo = config.platformRepo ?: env.FAWKES_PLATFORM_REPO
  String platformRevision = config.platformRevision ?: (env.FAWKES_PLATFORM_REVISION ?: 'main')
  String firstEnvironment = config.environment ?: (env.FAWKES_FIRST_ENVIRONMENT ?: 'dev')

  podTemplate(yaml: agentPod(tool.image)) {
    node(POD_LABEL) {
      def scmVars = checkout(scm)
      String commit = scmVars.GIT_COMMIT
      String image = "${registry}/${service}:${commit}"

      stage('Build') {
        container('build') { dir(folder) { sh(tool.build) } }
      }
      stage('Test') {
        container('build') { dir(folder) { sh(tool.test) } }
      }
      // Pull requests and other branches stop here: they build and test, nothing is published.
      if (env.CHANGE_ID || env.BRANCH_NAME != 'main') {
        return
      }
      String digest
      stage('Image') {
        container('buildkit') {
          withCredentials([usernamePassword(credentialsId: 'ghcr', usernameVariable: 'GHCR_USER', passwordVariable: 'GHCR_TOKEN')]) {
            sh '''
              mkdir -p "$HOME/.docker"
              printf '{"auths":{"ghcr.io":{"auth":"%s"}}}' "$(printf '%s:%s' "$GHCR_USER" "$GHCR_TOKEN" | base64 -w0)" > "$HOME/.docker/config.json"
            '''
            sh("buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=${folder} --local dockerfile=${folder} --output type=image,name=${image},push=true --metadata-file image-metadata.json")
          }
        }
        digest = readJSON(file: 'image-metadata.json')['containerimage.digest'] as String
        writeFile(file: 'image.txt', text: "${image}@${digest}\n")
        archiveArtifacts(artifacts: 'image.txt')
      }
      stage('Release') {
        String repository = Release.repositoryOf(platformRepo)
        writeFile(file: 'dispatch.json', text: Release.dispatchBody(platformRevision, service, firstEnvironment, Release.imageTag(commit, digest)))
        container('curl') {
          withCredentials([usernamePassword(credentialsId: 'platform-repo', usernameVariable: 'GH_USER', passwordVariable: 'GH_TOKEN')]) {
            sh("""curl -fsS -X POST -H 'Accept: application/vnd.github+json' -H "Authorization: Bearer \$GH_TOKEN" \\
              --data @dispatch.json https://api.github.com/repos/${repository}/actions/workflows/release.yml/dispatches""")
          }
        }
      }
    }
  }
}

private String required(Map config, String key) {
  if (!config[key]) {
    error("fawkesPipeline: '${key}' is required")
  }
  return config[key] as String
}

private String agentPod(String buildImage) {
  return """
apiVersion: v1
kind: Pod
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    fsGroup: 1000
  containers:
    - name: build
      image: ${buildImage}
      command: ["sleep"]
      args: ["infinity"]
    - name: curl
      image: ${BuildTool.CURL_IMAGE}
      command: ["sleep"]
      args: ["infinity"]
    - name: buildkit
      image: ${BuildTool.BUILDKIT_IMAGE}
      command: ["sleep"]
      args: ["infinity"]
      env:
        - name: BUILDKITD_FLAGS
          value: --oci-worker-no-process-sandbox
      securityContext:
        seccompProfile:
          type: Unconfined
        appArmorProfile:
          type: Unconfined
"""
}
