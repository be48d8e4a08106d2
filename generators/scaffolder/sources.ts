// The starting source of a service repository per build type and service type: the smallest program that
// builds, tests and runs with the build type's toolchain commands (core/render/toolchains.ts), and a
// Dockerfile that builds the image the golden-path pipeline pushes. `${{ values.name }}` is filled in by the
// scaffolder; nothing else is templated.
import type { BuildType, ServiceType } from "../../core/golden-path.ts";
import { TOOLCHAINS } from "../../core/render/toolchains.ts";

/** Port a web skeleton listens on (its config entry declares the same). */
export const SKELETON_PORT = 8080;

const NAME = "${{ values.name }}";
/** Non-root user the images run as (the restricted Pod Security Standard runs pods as uid 10001). */
const USER = "10001";

type Files = Record<string, string>;

const NODE_MAIN: Record<ServiceType, string> = {
  web: `import { createServer } from "node:http";

/** The response body of a path: health checks answer "ok". */
export function respond(path) {
  return path === "/healthz" || path === "/readyz" ? "ok" : "Hello from ${NAME}";
}

if (process.argv[1] === import.meta.filename) {
  const port = Number(process.env.PORT ?? ${SKELETON_PORT});
  createServer((req, res) => res.end(respond(new URL(req.url, "http://localhost").pathname))).listen(port);
}
`,
  worker: `/** One unit of work; the worker repeats it. */
export function work() {
  return "${NAME} did its work";
}

if (process.argv[1] === import.meta.filename) {
  setInterval(() => console.log(work()), 30_000);
}
`,
  cronjob: `/** One run of the job; the CronJob starts it on its schedule. */
export function run() {
  return "${NAME} ran";
}

if (process.argv[1] === import.meta.filename) {
  console.log(run());
}
`,
};

function nodeFiles(type: ServiceType): Files {
  const fn = { web: "respond", worker: "work", cronjob: "run" }[type];
  const call = type === "web" ? `${fn}("/healthz")` : `${fn}()`;
  const want = type === "web" ? `"ok"` : `/${NAME}/`;
  const manifest = {
    name: NAME,
    version: "0.1.0",
    private: true,
    type: "module",
    main: "index.js",
    scripts: { start: "node index.js", test: "node --test" },
    engines: { node: ">=24" },
  };
  const lock = {
    name: NAME,
    version: "0.1.0",
    lockfileVersion: 3,
    requires: true,
    packages: { "": { name: NAME, version: "0.1.0", engines: { node: ">=24" } } },
  };
  return {
    "package.json": `${JSON.stringify(manifest, null, 2)}\n`,
    "package-lock.json": `${JSON.stringify(lock, null, 2)}\n`,
    "index.js": NODE_MAIN[type],
    "test/index.test.js": `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ${fn} } from '../index.js';

test("${fn}", () => {
  assert.${type === "web" ? "equal" : "match"}(${call}, ${want});
});
`,
  };
}

const PYTHON_MAIN: Record<ServiceType, string> = {
  web: `"""Serves HTTP on $PORT; health checks answer "ok"."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer


def respond(path: str) -> str:
    return "ok" if path in ("/healthz", "/readyz") else "Hello from ${NAME}"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = respond(self.path).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    HTTPServer(("", int(os.environ.get("PORT", "${SKELETON_PORT}"))), Handler).serve_forever()
`,
  worker: `"""Repeats one unit of work."""
import time


def work() -> str:
    return "${NAME} did its work"


def main() -> None:
    while True:
        print(work(), flush=True)
        time.sleep(30)
`,
  cronjob: `"""One run of the job; the CronJob starts it on its schedule."""


def run() -> str:
    return "${NAME} ran"


def main() -> None:
    print(run(), flush=True)
`,
};

function pythonFiles(type: ServiceType): Files {
  const fn = { web: "respond", worker: "work", cronjob: "run" }[type];
  const check = type === "web" ? `assert respond("/healthz") == "ok"` : `assert "${NAME}" in ${fn}()`;
  return {
    "requirements.txt": "# Runtime and test dependencies, pinned.\npytest==8.4.2\n",
    "app/__init__.py": PYTHON_MAIN[type],
    "app/__main__.py": "from app import main\n\nmain()\n",
    "tests/test_app.py": `from app import ${fn}\n\n\ndef test_${fn}() -> None:\n    ${check}\n`,
  };
}

const GO_MAIN: Record<ServiceType, string> = {
  web: `package main

import (
	"fmt"
	"net/http"
	"os"
)

// respond is the response body of a path: health checks answer "ok".
func respond(path string) string {
	if path == "/healthz" || path == "/readyz" {
		return "ok"
	}
	return "Hello from ${NAME}"
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "${SKELETON_PORT}"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, respond(r.URL.Path)) })
	if err := http.ListenAndServe(":"+port, nil); err != nil {
		panic(err)
	}
}
`,
  worker: `package main

import (
	"fmt"
	"time"
)

// work is one unit of work; the worker repeats it.
func work() string { return "${NAME} did its work" }

func main() {
	for {
		fmt.Println(work())
		time.Sleep(30 * time.Second)
	}
}
`,
  cronjob: `package main

import "fmt"

// run is one run of the job; the CronJob starts it on its schedule.
func run() string { return "${NAME} ran" }

func main() { fmt.Println(run()) }
`,
};

function goFiles(type: ServiceType, org: string): Files {
  const fn = { web: "respond", worker: "work", cronjob: "run" }[type];
  const call = type === "web" ? `respond("/healthz")` : `${fn}()`;
  const check = type === "web" ? `got != "ok"` : `!strings.Contains(got, "${NAME}")`;
  return {
    "go.mod": `module github.com/${org}/${NAME}\n\ngo 1.25\n`,
    "main.go": GO_MAIN[type],
    "main_test.go": `package main

import (
${type === "web" ? "" : '\t"strings"\n'}\t"testing"
)

func Test${fn[0]!.toUpperCase()}${fn.slice(1)}(t *testing.T) {
	if got := ${call}; ${check} {
		t.Fatalf("unexpected %q", got)
	}
}
`,
  };
}

const JAVA_MAIN: Record<ServiceType, string> = {
  web: `package app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves HTTP on $PORT; health checks answer "ok". */
public final class App {
  static String respond(String path) {
    return path.equals("/healthz") || path.equals("/readyz") ? "ok" : "Hello from ${NAME}";
  }

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "${SKELETON_PORT}"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", exchange -> {
      byte[] body = respond(exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }
}
`,
  worker: `package app;

/** Repeats one unit of work. */
public final class App {
  static String work() {
    return "${NAME} did its work";
  }

  public static void main(String[] args) throws InterruptedException {
    while (true) {
      System.out.println(work());
      Thread.sleep(30_000);
    }
  }
}
`,
  cronjob: `package app;

/** One run of the job; the CronJob starts it on its schedule. */
public final class App {
  static String run() {
    return "${NAME} ran";
  }

  public static void main(String[] args) {
    System.out.println(run());
  }
}
`,
};

const JUNIT = "5.13.4";

function javaFiles(type: ServiceType, build: "maven" | "gradle", org: string): Files {
  const fn = { web: "respond", worker: "work", cronjob: "run" }[type];
  const check =
    type === "web" ? `assertEquals("ok", App.respond("/healthz"))` : `assertTrue(App.${fn}().contains("${NAME}"))`;
  const sources: Files = {
    "src/main/java/app/App.java": JAVA_MAIN[type],
    "src/test/java/app/AppTest.java": `package app;

import static org.junit.jupiter.api.Assertions.${type === "web" ? "assertEquals" : "assertTrue"};

import org.junit.jupiter.api.Test;

class AppTest {
  @Test
  void ${fn}() {
    ${check};
  }
}
`,
  };
  if (build === "gradle") {
    return {
      ...sources,
      "settings.gradle": `rootProject.name = '${NAME}'\n`,
      "build.gradle": `plugins {
    id 'java'
}

group = '${org}'
version = '0.1.0'

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}

repositories {
    mavenCentral()
}

dependencies {
    testImplementation platform('org.junit:junit-bom:${JUNIT}')
    testImplementation 'org.junit.jupiter:junit-jupiter'
    testRuntimeOnly 'org.junit.platform:junit-platform-launcher'
}

test {
    useJUnitPlatform()
}

jar {
    manifest {
        attributes 'Main-Class': 'app.App'
    }
}
`,
    };
  }
  return {
    ...sources,
    "pom.xml": `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>${org}</groupId>
  <artifactId>${NAME}</artifactId>
  <version>0.1.0</version>
  <packaging>jar</packaging>
  <properties>
    <maven.compiler.release>21</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>${JUNIT}</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.4</version>
      </plugin>
      <plugin>
        <artifactId>maven-jar-plugin</artifactId>
        <version>3.4.2</version>
        <configuration>
          <archive>
            <manifest>
              <mainClass>app.App</mainClass>
            </manifest>
          </archive>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
`,
  };
}

/** Runtime images, pinned; the build stage uses the toolchain's image. */
const RUNTIME: Record<BuildType, { image: string; copy: string; cmd: string[] }> = {
  node: { image: "node:24.11.1-bookworm-slim", copy: "COPY --from=build /src /app", cmd: ["node", "index.js"] },
  python: {
    image: "python:3.13.9-slim-bookworm",
    copy: "COPY --from=build /src /app\nCOPY --from=build /usr/local/lib/python3.13/site-packages /usr/local/lib/python3.13/site-packages",
    cmd: ["python", "-m", "app"],
  },
  go: {
    image: "gcr.io/distroless/static-debian12:nonroot",
    copy: "COPY --from=build /out/app /app/app",
    cmd: ["/app/app"],
  },
  maven: {
    image: "eclipse-temurin:21.0.9_10-jre",
    copy: "COPY --from=build /src/target/*.jar /app/app.jar",
    cmd: ["java", "-jar", "/app/app.jar"],
  },
  gradle: {
    image: "eclipse-temurin:21.0.9_10-jre",
    copy: "COPY --from=build /src/build/libs/*.jar /app/app.jar",
    cmd: ["java", "-jar", "/app/app.jar"],
  },
};

export function dockerfile(build: BuildType, type: ServiceType): string {
  const runtime = RUNTIME[build];
  const compile = build === "go" ? "RUN CGO_ENABLED=0 go build -o /out/app ." : `RUN ${TOOLCHAINS[build].build}`;
  return [
    `# The image the golden-path pipeline builds (rootless BuildKit) and pushes, tagged with the commit SHA.`,
    `FROM ${TOOLCHAINS[build].image} AS build`,
    "WORKDIR /src",
    "COPY . .",
    compile,
    "",
    `FROM ${runtime.image}`,
    "WORKDIR /app",
    runtime.copy,
    `USER ${USER}`,
    ...(type === "web" ? [`ENV PORT=${SKELETON_PORT}`, `EXPOSE ${SKELETON_PORT}`] : []),
    `CMD ${JSON.stringify(runtime.cmd)}`,
    "",
  ].join("\n");
}

/** The source files of a build type and service type, by path in the repository. */
export function sourceFiles(build: BuildType, type: ServiceType, org: string): Files {
  switch (build) {
    case "node":
      return nodeFiles(type);
    case "python":
      return pythonFiles(type);
    case "go":
      return goFiles(type, org);
    case "maven":
    case "gradle":
      return javaFiles(type, build, org);
  }
}
