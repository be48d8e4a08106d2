package dev.fawkes

import groovy.json.JsonOutput

/** Reports deployments to DevLake's webhook connection of the team, for the DORA metrics. */
class DevLake implements Serializable {
  private final def steps
  private final String baseUrl

  DevLake(def steps, String baseUrl) {
    this.steps = steps
    this.baseUrl = baseUrl
  }

  static String deploymentBody(Map args) {
    return JsonOutput.toJson([
      id          : "${args.service}-${args.environment}-${args.commit}",
      result      : args.result ?: 'SUCCESS',
      displayTitle: "${args.service} ${args.commit.take(7)} to ${args.environment}",
      environment : args.environment == 'prod' ? 'PRODUCTION' : 'STAGING',
      startedDate : args.startedDate,
      finishedDate: args.finishedDate,
      deploymentCommits: [[repoUrl: args.repoUrl, refName: args.branch ?: 'main', commitSha: args.commit, commitMsg: args.message ?: '']],
    ])
  }

  void reportDeployment(Map args) {
    String url = "${baseUrl}/api/rest/plugins/webhook/connections/by-name/${args.team}/deployments"
    steps.writeFile(file: 'devlake-deployment.json', text: deploymentBody(args))
    steps.sh("curl -fsS -X POST -H 'Content-Type: application/json' --data @devlake-deployment.json '${url}'")
  }
}
