package dev.fawkes

/**
 * Build and test commands of the golden path, by build type. The same table drives the
 * Cloud Development Environments, so a service builds the same way in CI and in a workspace.
 */
class BuildTool implements Serializable {
  static final Map<String, Map<String, String>> TOOLS = [
    node  : [image: 'node:24-bookworm-slim', build: 'npm ci && npm run build --if-present', test: 'npm test'],
    maven : [image: 'maven:3.9-eclipse-temurin-21', build: 'mvn -B -DskipTests package', test: 'mvn -B verify'],
    gradle: [image: 'gradle:8.14-jdk21', build: 'gradle --no-daemon assemble', test: 'gradle --no-daemon check'],
    python: [image: 'python:3.13-slim-bookworm', build: 'pip install --no-cache-dir -r requirements.txt', test: 'python -m pytest'],
    go    : [image: 'golang:1.25-bookworm', build: 'go build ./...', test: 'go test ./...'],
  ]

  static Map<String, String> forType(String type) {
    Map<String, String> tool = TOOLS[type]
    if (tool == null) {
      throw new IllegalArgumentException("unknown build type '${type}'; expected one of ${TOOLS.keySet().join(', ')}")
    }
    return tool
  }
}
