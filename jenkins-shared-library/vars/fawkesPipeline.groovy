// The golden-path pipeline of a service repository:
//
//   @Library('fawkes') _
//   fawkesPipeline(service: 'checkout-api', team: 'payments', buildType: 'node')
//
// Checkout, build and test with the build type's toolchain, build the image with rootless BuildKit (no
// privileged container), push it to GHCR tagged with the commit SHA (immutable), record the release for the
// first environment in the platform repository (`fawkes release`), and report the deployment to DevLake.
import dev.fawkes.BuildTool
import dev.fawkes.DevLake

def call(Map config) {
  String service = required(config, 'service')
  String team = required(config, 'team')
  Map<String, String> tool = BuildTool.forType(required(config, 'buildType'))
  String registry = config.registry ?: env.FAWKES_REGISTRY
  String platformRepo = config.platformRepo ?: env.FAWKES_PLATFORM_REPO
  String firstEnvironment = config.environment ?: (env.FAWKES_FIRST_ENVIRONMENT ?: 'dev')
  String devlakeUrl = config.devlakeUrl ?: env.FAWKES_DEVLAKE_URL

  podTemplate(yaml: agentPod(tool.image)) {
    node(POD_LABEL) {
      String started = new Date().format("yyyy-MM-dd'T'HH:mm:ssXXX", TimeZone.getTimeZone('UTC'))
      def scmVars = checkout(scm)
      String commit = scmVars.GIT_COMMIT
      String image = "${registry}/${service}:${commit}"

      stage('Build') {
        container('build') { sh(tool.build) }
      }
      stage('Test') {
        container('build') { sh(tool.test) }
      }
      if (env.BRANCH_NAME != 'main') {
        return
      }
      stage('Image') {
        container('buildkit') {
          withCredentials([usernamePassword(credentialsId: 'ghcr', usernameVariable: 'GHCR_USER', passwordVariable: 'GHCR_TOKEN')]) {
            sh '''
              mkdir -p "$HOME/.docker"
              printf '{"auths":{"ghcr.io":{"auth":"%s"}}}' "$(printf '%s:%s' "$GHCR_USER" "$GHCR_TOKEN" | base64 -w0)" > "$HOME/.docker/config.json"
            '''
            sh("buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=. --output type=image,name=${image},push=true")
          }
        }
      }
      stage('Release') {
        container('build') {
          withCredentials([usernamePassword(credentialsId: 'platform-repo', usernameVariable: 'GIT_USER', passwordVariable: 'GIT_TOKEN')]) {
            dir('platform') {
              git(url: platformRepo, credentialsId: 'platform-repo', branch: 'main')
              sh("npm ci --no-audit --no-fund && npx fawkes release ${service} --env ${firstEnvironment} --image-tag ${commit}")
              sh("git add -A && git -c user.name=fawkes-ci -c user.email=ci@fawkes.dev commit -m 'release ${service} ${commit.take(7)} to ${firstEnvironment}' && git push origin HEAD:main")
            }
          }
        }
      }
      stage('Report') {
        if (devlakeUrl) {
          new DevLake(this, devlakeUrl).reportDeployment(
            team: team, service: service, environment: firstEnvironment, commit: commit, repoUrl: scmVars.GIT_URL,
            startedDate: started, finishedDate: new Date().format("yyyy-MM-dd'T'HH:mm:ssXXX", TimeZone.getTimeZone('UTC')))
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
    - name: buildkit
      image: moby/buildkit:v0.23.2-rootless
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
