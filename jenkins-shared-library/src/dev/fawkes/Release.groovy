package dev.fawkes

import groovy.json.JsonOutput

/**
 * Releases never push to the platform repository: they dispatch its generated `release` workflow, which
 * runs `fawkes release` with the repository's pinned Node and opens a pull request for review.
 */
class Release implements Serializable {
  /** The `owner/name` of a GitHub repository URL. */
  static String repositoryOf(String url) {
    def match = (url =~ /^https:\/\/github\.com\/([^\/]+)\/([^\/]+?)(\.git)?\/?$/)
    if (!match.matches()) {
      throw new IllegalArgumentException("not a GitHub repository URL: ${url}")
    }
    return "${match.group(1)}/${match.group(2)}"
  }

  /** The image reference recorded in releases.yaml: the commit tag pinned to the pushed digest. */
  static String imageTag(String commit, String digest) {
    if (!(digest ==~ /^sha256:[a-f0-9]{64}$/)) {
      throw new IllegalArgumentException("not an image digest: ${digest}")
    }
    return "${commit}@${digest}"
  }

  /** The body of GitHub's workflow_dispatch API for the release workflow. */
  static String dispatchBody(String ref, String service, String environment, String imageTag) {
    return JsonOutput.toJson([ref: ref, inputs: [service: service, environment: environment, image: imageTag]])
  }
}
