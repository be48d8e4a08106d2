package dev.fawkes

/**
 * Build and test commands of the golden path, by build type. The same table drives the
 * Cloud Development Environments, so a service builds the same way in CI and in a workspace.
 * Images are pinned to exact tags (never a floating major or minor tag): a rebuild uses the same toolchain.
 */
class BuildTool implements Serializable {
  static final Map<String, Map<String, String>> TOOLS = [
    node  : [image: 'docker.io/library/node:24.4.1-bookworm-slim', build: 'npm ci && npm run build --if-present', test: 'npm test'],
    maven : [image: 'docker.io/library/maven:3.9.11-eclipse-temurin-21', build: 'mvn -B -DskipTests package', test: 'mvn -B verify'],
    gradle: [image: 'docker.io/library/gradle:8.14.3-jdk21', build: 'gradle --no-daemon assemble', test: 'gradle --no-daemon check'],
    python: [image: 'docker.io/library/python:3.13.5-slim-bookworm', build: 'pip install --no-cache-dir -r requirements.txt', test: 'python -m pytest'],
    go    : [image: 'docker.io/library/golang:1.25.0-bookworm', build: 'go build ./...', test: 'go test ./...'],
  ]

  /** BuildKit (rootless, no privileged container) and curl for the GitHub API: exact tags too. */
  static final String BUILDKIT_IMAGE = 'docker.io/moby/buildkit:v0.23.2-rootless'
  static final String CURL_IMAGE = 'docker.io/curlimages/curl:8.15.0'

  /**
   * The folder a service builds in: '.' (the repository's root), or its folder in a monorepo, relative and
   * inside the checkout (the config refuses anything else; this guards the library's other callers).
   */
  static String folder(String path) {
    if (path == null || path == '' || path == '.') {
      return '.'
    }
    String trimmed = path.endsWith('/') ? path.substring(0, path.length() - 1) : path
    if (!(trimmed ==~ /[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*/) || trimmed.split('/').any { it == '..' || it == '.' }) {
      throw new IllegalArgumentException("path '${path}' must be a folder inside the repository, such as services/checkout")
    }
    return trimmed
  }

  static Map<String, String> forType(String type) {
    Map<String, String> tool = TOOLS[type]
    if (tool == null) {
      throw new IllegalArgumentException("unknown build type '${type}'; expected one of ${TOOLS.keySet().join(', ')}")
    }
    return tool
  }
}
