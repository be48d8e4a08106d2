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

/**
 * Job DSL per JCasC config script, in bytes. The chart renders each `controller.JCasC.configScripts` entry as a
 * ConfigMap of its own (charts/jenkins/templates/jcasc-config.yaml, jenkinsci/helm-charts jenkins-5.9.53), and
 * Jenkins' Application applies it client-side, which keeps a copy in the `last-applied-configuration`
 * annotation: the API server allows 256 KiB of annotations in all (TotalAnnotationSizeLimitB,
 * k8s.io/apimachinery/pkg/api/validation/objectmeta.go). One script of every job passed it at about 200
 * services. JCasC appends the `jobs` lists of its files to each other (ErrorOnConflictMergeStrategy,
 * jenkinsci/configuration-as-code-plugin), and each script compiles on its own, so a few hundred jobs never
 * meet the JVM's 64 KiB limit on one method either.
 */
export const JOB_SCRIPT_BYTES = 128 * 1024;

/** The folder and the jobs of each team, as separate blocks of Job DSL, in order. */
function jobBlocks({ model }: ValuesContext): { folder: string; jobs: string[] }[] {
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
  // A team's text, cut before each job: its folder, then its jobs. Rendered team by team, the blocks joined
  // are the template's text for all teams.
  return teams.map((team) => {
    const [folder, ...jobs] = renderTemplate(JOBS_TEMPLATE, { teams: [team] }).split(/(?=\nmultibranchPipelineJob\()/);
    return { folder: folder!, jobs };
  });
}

/**
 * The Job DSL scripts, each within JOB_SCRIPT_BYTES (one job over it alone still gets a script): the jobs in
 * order, each script declaring the folders of its jobs (a folder declared twice is the same folder).
 */
export function jobScripts(ctx: ValuesContext): string[] {
  const scripts: string[] = [];
  let current = "";
  let bytes = 0;
  let folder: string | undefined;
  for (const team of jobBlocks(ctx)) {
    for (const job of team.jobs) {
      const next = (folder === team.folder ? "" : team.folder) + job;
      const size = Buffer.byteLength(next);
      if (current !== "" && bytes + size > JOB_SCRIPT_BYTES) {
        scripts.push(current.trim());
        current = team.folder + job;
        bytes = Buffer.byteLength(current);
      } else {
        current += next;
        bytes += size;
      }
      folder = team.folder;
    }
  }
  if (current !== "") scripts.push(current.trim());
  return scripts;
}

/** All the Job DSL, in one text. */
export function jobDsl(ctx: ValuesContext): string {
  return jobScripts(ctx).join("\n\n");
}

/** The config scripts of the jobs: `fawkes-jobs`, then `fawkes-jobs-2`, … for a platform too large for one. */
function jobConfigScripts(ctx: ValuesContext): Record<string, string> {
  const scripts = jobScripts(ctx);
  // No job to declare: still the one (empty) script, as before there were any.
  return Object.fromEntries(
    (scripts.length > 0 ? scripts : [""]).map((script, i) => [
      i === 0 ? "fawkes-jobs" : `fawkes-jobs-${i + 1}`,
      `jobs:\n  - script: |\n${script
        .split("\n")
        .map((l) => (l === "" ? "" : `      ${l}`))
        .join("\n")}\n`,
    ]),
  );
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
          ...jobConfigScripts(ctx),
        },
      },
    },
    persistence: { storageClass: env.features.storageClass },
    // The credentials provider reads the Secrets of Jenkins' namespace.
    rbac: { readSecrets: true },
  };
}
