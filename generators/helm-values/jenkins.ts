// Jenkins: the shared library from this repository and a multibranch job per service (JCasC + Job DSL).
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
    git {
      id('{{ service.name }}')
      remote('{{ service.repo }}')
      credentialsId('github')
    }
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
      services: team.services.flatMap((s) => (s.build ? [{ name: s.name, description: groovyString(s.description), repo: groovyString(s.build.repo) }] : [])),
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
      additionalPlugins: ["job-dsl", "github-branch-source", "pipeline-utility-steps"],
      containerEnv: [
        { name: "FAWKES_REGISTRY", value: model.platform.registry },
        { name: "FAWKES_PLATFORM_REPO", value: model.platform.repoURL },
        { name: "FAWKES_FIRST_ENVIRONMENT", value: first },
        ...(model.installed("devlake") ? [{ name: "FAWKES_DEVLAKE_URL", value: "http://devlake-lake.devlake.svc:8080" }] : []),
      ],
      JCasC: {
        configScripts: {
          "fawkes-library": [
            "unclassified:",
            "  globalLibraries:",
            "    libraries:",
            "      - name: fawkes",
            `        defaultVersion: ${model.platform.revision}`,
            "        implicit: false",
            "        retriever:",
            "          modernSCM:",
            "            libraryPath: jenkins-shared-library/",
            "            scm:",
            "              git:",
            `                remote: ${model.platform.repoURL}`,
            "",
          ].join("\n"),
          "fawkes-jobs": `jobs:\n  - script: |\n${jobDsl(ctx).split("\n").map((l) => (l === "" ? "" : `      ${l}`)).join("\n")}\n`,
        },
      },
    },
    persistence: { storageClass: env.features.storageClass },
  };
}
