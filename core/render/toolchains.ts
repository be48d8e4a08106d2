// The toolchain of each build type: a pinned tools image, build/test/run commands, the debug port and the
// editor extensions. Used by the development environments (devfile, devcontainer) of generated services and
// of the golden-path templates' skeletons.
import type { BUILD_TYPES } from "../../schema/services.ts";

export type BuildType = (typeof BUILD_TYPES)[number];

export interface Toolchain {
  readonly image: string;
  readonly language: string;
  readonly build: string;
  readonly test: string;
  readonly run: string;
  /** Port the debugger listens on when started with `debug`. */
  readonly debugPort: number;
  readonly debug: string;
  readonly extensions: readonly string[];
}

export const TOOLCHAINS: Readonly<Record<BuildType, Toolchain>> = {
  node: {
    image: "node:24.11.1-bookworm",
    language: "TypeScript",
    build: "npm ci && npm run build --if-present",
    test: "npm test",
    run: "npm start",
    debugPort: 9229,
    debug: "node --inspect=0.0.0.0:9229 .",
    extensions: ["dbaeumer.vscode-eslint", "esbenp.prettier-vscode"],
  },
  maven: {
    image: "maven:3.9.11-eclipse-temurin-21",
    language: "Java",
    build: "mvn -B -DskipTests package",
    test: "mvn -B verify",
    run: "java -jar target/*.jar",
    debugPort: 5005,
    debug: "java -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005 -jar target/*.jar",
    extensions: ["vscjava.vscode-java-pack"],
  },
  gradle: {
    image: "gradle:8.14.3-jdk21",
    language: "Java",
    build: "gradle --no-daemon assemble",
    test: "gradle --no-daemon check",
    run: "java -jar build/libs/*.jar",
    debugPort: 5005,
    debug: "java -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005 -jar build/libs/*.jar",
    extensions: ["vscjava.vscode-java-pack", "vscjava.vscode-gradle"],
  },
  python: {
    image: "python:3.13.9-bookworm",
    language: "Python",
    build: "pip install -r requirements.txt",
    test: "python -m pytest",
    run: "python -m app",
    debugPort: 5678,
    debug: "python -m debugpy --listen 0.0.0.0:5678 -m app",
    extensions: ["ms-python.python", "ms-python.debugpy"],
  },
  go: {
    image: "golang:1.25.4-bookworm",
    language: "Go",
    build: "go build ./...",
    test: "go test ./...",
    run: "go run .",
    debugPort: 2345,
    debug: "go run github.com/go-delve/delve/cmd/dlv@v1.25.2 debug --headless --listen=:2345 --api-version=2 .",
    extensions: ["golang.go"],
  },
};
