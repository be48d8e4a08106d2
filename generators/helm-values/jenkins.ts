// Jenkins: the shared library from this repository and a multibranch job per service (JCasC + Job DSL).
import { JENKINS_LIBRARY_PATH } from "../../core/repo-facts.ts";
import { centralHosts } from "../../core/names.ts";
import { renderTemplate } from "../../core/render/templates.ts";
import type { ValuesContext, Values } from "./context.ts";

/** Job DSL (Groovy) of the folders and jobs: a template, since it is code in another language. */
const JOBS_TEMPLATE = `{% for team in teams %}
folder('{{ team.name }}') {
  displayName('{{ team.displayName }}')
}
{% for service in team.services %}
multibranchPipelineJob('{{ team.name }}/{{ service.name }}') {
  description('{{ service.description }}')
  branchSources {
    branchSource {
      source {
        github {
          id('{{ service.name }}')
          repoOwner('{{ service.owner }}')
          repository('{{ service.repository }}')
          repositoryUrl('{{ service.repo }}')
          configuredByUrl(true)
          credentialsId('github')
          traits {
            gitHubBranchDiscovery { strategyId(1) }
            gitHubPullRequestDiscovery { strategyId(1) }
          }
        }
      }
    }
  }
{% if service.path %}
  // A monorepo: the service's own folder holds its Jenkinsfile.
  factory {
    workflowBranchProjectFactory { scriptPath('{{ service.path }}/Jenkinsfile') }
  }
{% endif %}
  // GitHub's webhook triggers builds; the periodic scan catches a missed delivery.
  triggers {
    periodicFolderTrigger { interval('1h') }
  }
  orphanedItemStrategy {
    discardOldItems {
      numToKeep(20)
    }
  }
}
{% endfor %}
{% endfor %}`;

/** Text inside a single-quoted Groovy string: backslashes, quotes and line breaks escaped. */
export const groovyString = (text: string) =>
  text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\$/g, "\\$");

export function jobDsl({ model }: ValuesContext): string {
  const teams = model.teams
    .map((team) => ({
      name: team.name,
      displayName: groovyString(team.displayName),
      services: team.services.flatMap((s) => {
        const github = s.build ? /^https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(s.build.repo) : null;
        if (!s.build || !github) return [];
        return [
          {
            name: s.name,
            description: groovyString(s.description),
            repo: groovyString(s.build.repo),
            owner: groovyString(github[1]!),
            repository: groovyString(github[2]!),
            ...(s.build.path === undefined ? {} : { path: groovyString(s.build.path) }),
          },
        ];
      }),
    }))
    .filter((t) => t.services.length > 0);
  return renderTemplate(JOBS_TEMPLATE, { teams }).trim();
}

export function jenkinsValues(ctx: ValuesContext): Values {
  const { model, env } = ctx;
  const first = model.environments[0]!.name;
  return {
    controller: {
      jenkinsUrl: `https://${centralHosts(model.platform.domain).jenkins}`,
      // kubernetes-credentials-provider: credentials are Kubernetes Secrets (from Vault, cluster-config/jenkins.ts).
      additionalPlugins: [
        "job-dsl",
        "github-branch-source",
        "pipeline-utility-steps",
        "kubernetes-credentials-provider",
      ],
      containerEnv: [
        { name: "FAWKES_REGISTRY", value: model.platform.registry },
        { name: "FAWKES_PLATFORM_REPO", value: model.platform.repoURL },
        { name: "FAWKES_PLATFORM_REVISION", value: model.platform.revision },
        { name: "FAWKES_FIRST_ENVIRONMENT", value: first },
      ],
      JCasC: {
        configScripts: {
          "fawkes-library": [
            "unclassified:",
            "  globalLibraries:",
            "    libraries:",
            "      - name: fawkes",
            `        defaultVersion: ${model.platform.libraryVersion}`,
            // Pipelines cannot ask for another version of the library than the pinned one.
            "        allowVersionOverride: false",
            "        implicit: false",
            "        retriever:",
            "          modernSCM:",
            `            libraryPath: ${JENKINS_LIBRARY_PATH}`,
            "            scm:",
            "              git:",
            `                remote: ${model.platform.repoURL}`,
            "",
          ].join("\n"),
          // GitHub registers the webhook (manageHooks) that triggers branch and pull request builds.
          "fawkes-github": [
            "unclassified:",
            "  gitHubPluginConfig:",
            `    hookUrl: https://${centralHosts(model.platform.domain).jenkins}/github-webhook/`,
            "    configs:",
            "      - name: github",
            "        apiUrl: https://api.github.com",
            "        credentialsId: github-token",
            "        manageHooks: true",
            "",
          ].join("\n"),
          "fawkes-jobs": `jobs:\n  - script: |\n${jobDsl(ctx)
            .split("\n")
            .map((l) => (l === "" ? "" : `      ${l}`))
            .join("\n")}\n`,
        },
      },
    },
    persistence: { storageClass: env.features.storageClass },
    // The credentials provider reads the Secrets of Jenkins' namespace.
    rbac: { readSecrets: true },
  };
}
