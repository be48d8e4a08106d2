// The platform's Backstage image as a recipe: a Dockerfile that creates the app of @backstage/create-app, adds the
// packages the installed components need and builds it, and the source files it copies over the template's. The
// tag is the recipe's content hash, so the values (generators/helm-values) name the image the workflow
// (generators/github) pushes before anything is built, and an unchanged recipe is never rebuilt.
import { createHash } from "node:crypto";
import { BACKSTAGE_IMAGE_NAME } from "../names.ts";
import type { ResolvedConfig } from "../resolved.ts";
import {
  BASE_IMAGE,
  CREATE_APP,
  IMAGE_PACKAGES,
  TECHDOCS_CORE,
  TEMPLATE_APP_MODULES,
  UPSTREAM_IMAGE,
  type ImageFeature,
  type ImagePackage,
} from "./facts.ts";

/** A file of the recipe, by path inside the recipe folder (the Docker build context). */
export interface RecipeFile {
  readonly path: string;
  readonly content: string;
  readonly comment: "#" | "//";
}

export interface BackstageImageRecipe {
  readonly files: readonly RecipeFile[];
  /** The packages it adds to the app, for the features the config needs. */
  readonly packages: readonly ImagePackage[];
  /** Where the workflow pushes it: `ghcr.io` and `<org>/backstage`, tagged with the recipe's hash. */
  readonly image: { readonly registry: string; readonly repository: string; readonly tag: string };
}

/** Backend modules the image adds to the template's list, beside the packages of IMAGE_PACKAGES. */
const GITHUB_SIGN_IN_MODULE = "@backstage/plugin-auth-backend-module-github-provider";

/** The provider id the auth backend's GitHub module registers, and the frontend's sign-in page asks for. */
const GITHUB_PROVIDER_ID = "github-auth-provider";

/** Where the app is created inside the build stage. */
/** The base image's `node` user and group, by number. */
export const NODE_USER = "1000:1000";

const APP_DIR = "/home/node/app";
const PRODUCTION_DIR = "/home/node/production";

/** The features the config needs: a component's plugin only when the component is installed. */
export function imageFeatures(model: ResolvedConfig): ImageFeature[] {
  return (["argocd", "jenkins"] as const).filter((key) => model.installed(key) !== undefined);
}

const quote = (text: string) => `'${text}'`;

/** packages/backend/src/index.ts: the template's plugins in its order, then GitHub sign-in and the additions. */
export function backendIndex(packages: readonly ImagePackage[]): string {
  const add = (name: string) => `backend.add(import(${quote(name)}));`;
  const added = packages.filter((p) => p.workspace === "backend").map((p) => p.name);
  return [
    `// The platform's Backstage backend: the plugins of @backstage/create-app ${CREATE_APP.version}'s template, then`,
    "// GitHub sign-in and the plugins of the installed components.",
    "import { createBackend } from '@backstage/backend-defaults';",
    "",
    "const backend = createBackend();",
    "",
    ...UPSTREAM_IMAGE.backend.map(add),
    "",
    "// GitHub sign-in (auth.providers.github in the app-config)",
    add(GITHUB_SIGN_IN_MODULE),
    ...(added.length > 0 ? ["", "// plugins of the installed components", ...added.map(add)] : []),
    "",
    "backend.start();",
    "",
  ].join("\n");
}

/** packages/app/src/App.tsx: the template's features, and the sign-in module. */
export function appSource(): string {
  return [
    "// The template's app with GitHub sign-in; the plugins' frontends are discovered (app.packages: all).",
    "import { createApp } from '@backstage/frontend-defaults';",
    "import catalogPlugin from '@backstage/plugin-catalog/alpha';",
    `import { navModule } from ${quote(TEMPLATE_APP_MODULES.navModule)};`,
    `import { homeModule } from ${quote(TEMPLATE_APP_MODULES.homeModule)};`,
    "import { signInModule } from './modules/signIn';",
    "",
    "export default createApp({",
    "  features: [catalogPlugin, navModule, homeModule, signInModule],",
    "});",
    "",
  ].join("\n");
}

/**
 * packages/app/src/modules/signIn/index.tsx: the app plugin's sign-in page (`sign-in-page:app`, guest only in
 * @backstage/plugin-app 0.5.3, dist/extensions/DefaultSignInPage.esm.js) replaced by GitHub's.
 */
export function signInSource(): string {
  return [
    "// GitHub sign-in: replaces the app's guest-only sign-in page.",
    "import { SignInPage } from '@backstage/core-components';",
    "import { createFrontendModule, githubAuthApiRef } from '@backstage/frontend-plugin-api';",
    "import { SignInPageBlueprint } from '@backstage/plugin-app-react';",
    "",
    "const githubSignInPage = SignInPageBlueprint.make({",
    "  params: {",
    "    loader: async () => props => (",
    "      <SignInPage",
    "        {...props}",
    "        auto",
    "        provider={{",
    `          id: ${quote(GITHUB_PROVIDER_ID)},`,
    "          title: 'GitHub',",
    "          message: 'Sign in with your GitHub account',",
    "          apiRef: githubAuthApiRef,",
    "        }}",
    "      />",
    "    ),",
    "  },",
    "});",
    "",
    "export const signInModule = createFrontendModule({",
    "  pluginId: 'app',",
    "  extensions: [githubSignInPage],",
    "});",
    "",
  ].join("\n");
}

/** The recipe's source files (besides the Dockerfile), by path in the app: copied over the template's. */
function sources(packages: readonly ImagePackage[]): RecipeFile[] {
  return [
    { path: "packages/app/src/App.tsx", content: appSource(), comment: "//" },
    { path: "packages/app/src/modules/signIn/index.tsx", content: signInSource(), comment: "//" },
    { path: "packages/backend/src/index.ts", content: backendIndex(packages), comment: "//" },
  ];
}

const addCommand = (workspace: "app" | "backend", packages: readonly ImagePackage[]) => {
  const specs = packages.filter((p) => p.workspace === workspace).map((p) => `${p.name}@${p.version}`);
  return specs.length === 0 ? [] : [`yarn workspace ${workspace} add --exact ${specs.join(" ")}`];
};

/** `RUN a && b`, one command a line. */
const run = (commands: readonly string[]) => `RUN ${commands.join(" \\\n && ")}`;

/** The multi-stage Dockerfile: build and production install on the toolchain stage, a runtime stage without it. */
export function dockerfile(
  packages: readonly ImagePackage[],
  sourcePaths: readonly string[],
  repository: string,
): string {
  const adds = [...addCommand("backend", packages), ...addCommand("app", packages)];
  return [
    `# The platform's Backstage image: the app of ${CREATE_APP.package} ${CREATE_APP.version} (Backstage ${CREATE_APP.backstageRelease}),`,
    "# with GitHub sign-in, the plugins of the installed components and MkDocs for TechDocs. Built from this folder.",
    "",
    `FROM ${BASE_IMAGE} AS build`,
    "# node-gyp builds the native modules (better-sqlite3, isolated-vm) when no prebuilt binary fits.",
    run([
      "apt-get update",
      "apt-get install -y --no-install-recommends python3 g++ make",
      "rm -rf /var/lib/apt/lists/*",
    ]),
    "USER node",
    "WORKDIR /home/node",
    "# The app as create-app makes it: the name from the environment, so nothing prompts; installed below.",
    `RUN ${CREATE_APP.nameVariable}=backstage npx --yes ${CREATE_APP.package}@${CREATE_APP.version} ${CREATE_APP.pathOption} app ${CREATE_APP.skipInstallOption}`,
    `WORKDIR ${APP_DIR}`,
    run(adds.length > 0 ? adds : ["yarn install"]),
    ...sourcePaths.map((path) => `COPY --chown=node:node ${path} ${path}`),
    run(CREATE_APP.buildScripts.map((script) => `yarn ${script}`)),
    "# The production install of the template's Dockerfile, done here where node-gyp has its toolchain.",
    `WORKDIR ${PRODUCTION_DIR}`,
    run([
      "mkdir -p .yarn",
      `cp -r ${APP_DIR}/.yarn/releases .yarn/`,
      `cp ${APP_DIR}/.yarnrc.yml ${APP_DIR}/backstage.json ${APP_DIR}/yarn.lock ${APP_DIR}/package.json .`,
      `tar xzf ${APP_DIR}/packages/backend/dist/skeleton.tar.gz`,
      "NODE_ENV=production yarn workspaces focus --all --production",
      `tar xzf ${APP_DIR}/packages/backend/dist/bundle.tar.gz`,
      `cp -r ${APP_DIR}/examples ${APP_DIR}/app-config.yaml ${APP_DIR}/app-config.production.yaml .`,
    ]),
    "",
    `FROM ${BASE_IMAGE}`,
    "# MkDocs and the TechDocs plugins for `techdocs.generator.runIn: local`, in a virtual environment.",
    run([
      "apt-get update",
      "apt-get install -y --no-install-recommends python3 python3-venv",
      "rm -rf /var/lib/apt/lists/*",
      "python3 -m venv /opt/techdocs",
      `/opt/techdocs/bin/pip install --no-cache-dir ${TECHDOCS_CORE.package}==${TECHDOCS_CORE.version}`,
    ]),
    "# Connects the package to the platform repository on GitHub.",
    `LABEL org.opencontainers.image.source=${JSON.stringify(repository)}`,
    "ENV PATH=/opt/techdocs/bin:$PATH",
    "ENV NODE_ENV=production",
    "# By number: the pod runs with runAsNonRoot, and the kubelet refuses a user it cannot tell is not root by name",
    `# (the image's node user is ${NODE_USER}: nodejs/docker-node f27d936, 24/trixie-slim/Dockerfile, groupadd/useradd).`,
    `USER ${NODE_USER}`,
    "WORKDIR /app",
    `COPY --from=build --chown=node:node ${PRODUCTION_DIR} ./`,
    `CMD ${JSON.stringify(CREATE_APP.backendCommand)}`,
    "",
  ].join("\n");
}

/** The first 16 hex digits of SHA-256 over every file's path and content, in path order. */
export function recipeHash(files: readonly RecipeFile[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
    hash.update(`${file.path}\0${file.content}\0`);
  return hash.digest("hex").slice(0, 16);
}

/**
 * The recipe of the config's platform image. Not cached: each file built from it records the config entries it
 * reads (core/provenance.ts), and building it is cheap.
 */
export function backstageImageRecipe(model: ResolvedConfig): BackstageImageRecipe {
  const features = imageFeatures(model);
  const packages = IMAGE_PACKAGES.filter((p) => features.includes(p.feature));
  const source = sources(packages);
  const files = [
    {
      path: "Dockerfile",
      content: dockerfile(
        packages,
        source.map((f) => f.path),
        model.platform.repoURL.replace(/\.git$/, ""),
      ),
      comment: "#" as const,
    },
    ...source,
  ];
  const [registry, org] = model.platform.registry.split("/");
  return {
    files,
    packages,
    image: { registry: registry!, repository: `${org}/${BACKSTAGE_IMAGE_NAME}`, tag: recipeHash(files) },
  };
}
