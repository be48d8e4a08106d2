// Upstream facts the platform's Backstage image is built from, each read at its pinned version and recorded with
// where it was read. The recipe (recipe.ts) is generated from these and nothing else.

/**
 * The app generator the image starts from, the one the upstream image of the Backstage release is built with:
 * npm @backstage/create-app@0.9.2 (dist/package.json.cjs.js: Backstage "1.55.0").
 */
export const CREATE_APP = {
  package: "@backstage/create-app",
  version: "0.9.2",
  backstageRelease: "1.55.0",
  /**
   * dist/createApp.cjs.js: the app name is prompted for unless BACKSTAGE_APP_NAME is set; `--path` names the
   * directory; `--skip-install` skips `yarn install` and `yarn tsc` (dist/lib/tasks.cjs.js, buildAppTask);
   * `yarn -v` must succeed and Node must be one of SUPPORTED_NODE_VERSIONS ["22.x", "24.x"] (template
   * package.json engines "22 || 24"). Without git, readGitConfig returns undefined and no repository is made.
   */
  nameVariable: "BACKSTAGE_APP_NAME",
  pathOption: "--path",
  skipInstallOption: "--skip-install",
  nodeMajors: [22, 24],
  /** templates/default-app/.yarnrc.yml.hbs: yarnPath .yarn/releases/yarn-4.13.0.cjs (nodeLinker node-modules). */
  yarn: "4.13.0",
  /**
   * templates/default-app/package.json.hbs scripts `tsc` and `build:backend`; packages/backend/Dockerfile: the
   * backend's dist/skeleton.tar.gz and dist/bundle.tar.gz, `yarn workspaces focus --all --production`, the
   * `examples` folder and `app-config*.yaml` beside them, and its command.
   */
  buildScripts: ["tsc", "build:backend"],
  backendCommand: ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"],
  /**
   * templates/default-app/app-config.yaml.hbs `app.packages: all`: the app discovers the frontend plugins of
   * packages/app/package.json (those whose package.json `backstage.features` names a `@backstage/FrontendPlugin`).
   */
  discoversFrontendPlugins: true,
} as const;

/**
 * Dependencies of the template's packages, after templating (`{{version '<name>'}}` from dist/lib/versions.cjs.js):
 * templates/default-app/packages/app/package.json.hbs and packages/backend/package.json.hbs.
 */
export const TEMPLATE_DEPENDENCIES = {
  app: {
    "@backstage/cli": "^0.36.6",
    "@backstage/core-components": "^0.18.14",
    "@backstage/core-plugin-api": "^1.12.10",
    "@backstage/frontend-defaults": "^0.5.6",
    "@backstage/frontend-plugin-api": "^0.18.1",
    "@backstage/integration-react": "^1.2.22",
    "@backstage/plugin-api-docs": "^0.14.5",
    "@backstage/plugin-app-react": "^0.2.7",
    "@backstage/plugin-app-visualizer": "^0.2.8",
    "@backstage/plugin-auth": "^0.1.12",
    "@backstage/plugin-catalog": "^2.0.9",
    "@backstage/plugin-catalog-graph": "^0.6.8",
    "@backstage/plugin-catalog-import": "^0.13.18",
    "@backstage/plugin-home": "^0.9.10",
    "@backstage/plugin-home-react": "^0.1.42",
    "@backstage/plugin-kubernetes": "^0.12.23",
    "@backstage/plugin-notifications": "^0.6.0",
    "@backstage/plugin-org": "^0.7.9",
    "@backstage/plugin-scaffolder": "^1.39.0",
    "@backstage/plugin-search": "^1.7.8",
    "@backstage/plugin-app-module-user-settings": "^0.1.2",
    "@backstage/plugin-signals": "^0.0.35",
    "@backstage/plugin-techdocs": "^1.18.1",
    "@backstage/plugin-techdocs-module-addons-contrib": "^1.1.40",
    "@backstage/plugin-user-settings": "^0.9.7",
    "@backstage/ui": "^0.18.0",
    "@material-ui/core": "^4.12.2",
    "@material-ui/icons": "^4.9.1",
    react: "^18.0.2",
    "react-dom": "^18.0.2",
    "react-router": "^6.30.2",
    "react-router-dom": "^6.30.2",
  },
  backend: {
    "@backstage/backend-defaults": "^0.18.0",
    "@backstage/config": "^1.3.9",
    "@backstage/plugin-app-backend": "^0.5.18",
    "@backstage/plugin-auth-backend": "^0.30.1",
    "@backstage/plugin-auth-backend-module-github-provider": "^0.5.7",
    "@backstage/plugin-auth-backend-module-guest-provider": "^0.2.23",
    "@backstage/plugin-auth-node": "^0.7.6",
    "@backstage/plugin-catalog-backend": "^4.0.0",
    "@backstage/plugin-catalog-backend-module-logs": "^0.1.26",
    "@backstage/plugin-catalog-backend-module-scaffolder-entity-model": "^0.2.24",
    "@backstage/plugin-kubernetes-backend": "^0.21.11",
    "@backstage/plugin-mcp-actions-backend": "^0.2.2",
    "@backstage/plugin-notifications-backend": "^0.6.9",
    "@backstage/plugin-permission-backend": "^0.7.16",
    "@backstage/plugin-permission-backend-module-allow-all-policy": "^0.2.23",
    "@backstage/plugin-permission-common": "^0.9.11",
    "@backstage/plugin-permission-node": "^0.11.4",
    "@backstage/plugin-proxy-backend": "^0.6.18",
    "@backstage/plugin-scaffolder-backend": "^4.2.0",
    "@backstage/plugin-scaffolder-backend-module-github": "^0.10.0",
    "@backstage/plugin-scaffolder-backend-module-notifications": "^0.1.26",
    "@backstage/plugin-search-backend": "^2.1.7",
    "@backstage/plugin-search-backend-module-catalog": "^0.3.19",
    "@backstage/plugin-search-backend-module-pg": "^0.5.59",
    "@backstage/plugin-search-backend-module-techdocs": "^0.4.18",
    "@backstage/plugin-search-backend-node": "^1.4.8",
    "@backstage/plugin-signals-backend": "^0.3.19",
    "@backstage/plugin-techdocs-backend": "^2.3.0",
    "@backstage/plugin-user-settings-backend": "^0.4.7",
    app: "link:../app",
    "better-sqlite3": "^12.0.0",
    "node-gyp": "^10.0.0",
    pg: "^8.11.3",
  },
} as const;

/** Files of the template's packages/app/src that the generated App.tsx imports, as the template has them. */
export const TEMPLATE_APP_MODULES = {
  /** templates/default-app/packages/app/src/modules/nav/index.ts exports navModule. */
  navModule: "./modules/nav",
  /** templates/default-app/packages/app/src/modules/home/index.ts exports homeModule. */
  homeModule: "./modules/home",
} as const;

/**
 * What the template's packages/backend/src/index.ts registers, in its order (templates/default-app at
 * create-app 0.9.2). `@backstage/plugin-auth-backend-module-github-provider` is a dependency there but is never
 * added, and createBackend of @backstage/backend-defaults 0.18.0 discovers no package by itself; the template's
 * Dockerfile installs no MkDocs. No ArgoCD or Jenkins plugin, frontend or backend. This is the upstream image.
 */
export const UPSTREAM_IMAGE = {
  backend: [
    "@backstage/plugin-app-backend",
    "@backstage/plugin-proxy-backend",
    "@backstage/plugin-scaffolder-backend",
    "@backstage/plugin-scaffolder-backend-module-github",
    "@backstage/plugin-scaffolder-backend-module-notifications",
    "@backstage/plugin-techdocs-backend",
    "@backstage/plugin-auth-backend",
    "@backstage/plugin-auth-backend-module-guest-provider",
    "@backstage/plugin-catalog-backend",
    "@backstage/plugin-catalog-backend-module-scaffolder-entity-model",
    "@backstage/plugin-catalog-backend-module-logs",
    "@backstage/plugin-permission-backend",
    "@backstage/plugin-permission-backend-module-allow-all-policy",
    "@backstage/plugin-search-backend",
    "@backstage/plugin-search-backend-module-pg",
    "@backstage/plugin-search-backend-module-catalog",
    "@backstage/plugin-search-backend-module-techdocs",
    "@backstage/plugin-kubernetes-backend",
    "@backstage/plugin-user-settings-backend",
    "@backstage/plugin-notifications-backend",
    "@backstage/plugin-signals-backend",
    "@backstage/plugin-mcp-actions-backend",
  ],
  /** The app-config sections the image reads: the framework's, and those of the plugins above. */
  configKeys: [
    "app",
    "backend",
    "organization",
    "integrations",
    "auth",
    "catalog",
    "scaffolder",
    "techdocs",
    "kubernetes",
  ],
} as const;

/**
 * The base image of both stages, a Node version create-app 0.9.2 supports on the template Dockerfile's Debian
 * (`node:24-trixie-slim`): nodejs/docker-node at f27d936f7d7c, 24/trixie-slim/Dockerfile `ENV NODE_VERSION=24.19.0`
 * (and Yarn 1.22.22, which hands over to the template's yarnPath).
 */
export const BASE_IMAGE = "node:24.19.0-trixie-slim";

/**
 * MkDocs with the TechDocs plugin set, for `techdocs.generator.runIn: local`: backstage/mkdocs-techdocs-core tag
 * v1.7.0, pyproject.toml `version = "1.7.0"`, `requires-python = ">=3.9"` (trixie's python3 is 3.13).
 */
export const TECHDOCS_CORE = { package: "mkdocs-techdocs-core", version: "1.7.0" } as const;

/** What an added package is for: GitHub sign-in always, the others with the component whose section they read. */
export type ImageFeature = "argocd" | "jenkins";

/** A package the recipe adds to a workspace of the app, exact version, with its @backstage/* dependencies. */
export interface ImagePackage {
  readonly name: string;
  readonly version: string;
  readonly workspace: "backend" | "app";
  readonly feature: ImageFeature;
  /** @backstage/* dependency ranges of its package.json at that version (npm tarball). */
  readonly backstageDependencies: Readonly<Record<string, string>>;
  /**
   * Ranges above that Backstage 1.55.0's own version does not satisfy, so Yarn installs a second copy for this
   * package alone, and why that is acceptable. Anything else not satisfied is a mistake (a test checks).
   */
  readonly ownCopies?: Readonly<Record<string, string>>;
}

/**
 * The newest versions the npm registry served on 2026-11-28, read from each tarball's package.json and CHANGELOG.md.
 * The backend packages export their plugin as default (dist/index.d.ts); the frontend ones a `./alpha` entry that
 * `backstage.features` declares a `@backstage/FrontendPlugin`, which the app discovers (CREATE_APP).
 */
export const IMAGE_PACKAGES: readonly ImagePackage[] = [
  {
    name: "@roadiehq/backstage-plugin-argo-cd-backend",
    version: "4.8.0",
    workspace: "backend",
    feature: "argocd",
    backstageDependencies: { "@backstage/backend-plugin-api": "^1.4.4", "@backstage/config": "^1.3.5" },
  },
  {
    name: "@roadiehq/backstage-plugin-argo-cd",
    version: "2.12.5",
    workspace: "app",
    feature: "argocd",
    backstageDependencies: {
      "@backstage/catalog-model": "^1.7.5",
      "@backstage/core-compat-api": "^0.5.3",
      "@backstage/core-components": "^0.18.2",
      "@backstage/core-plugin-api": "^1.11.1",
      "@backstage/frontend-plugin-api": "^0.12.1",
      "@backstage/plugin-catalog-react": "^1.21.2",
    },
    ownCopies: {
      "@backstage/frontend-plugin-api":
        "the newest release of Roadie's frontend plugin is built against an older frontend system; whether Backstage 1.55's app loads its `./alpha` plugin is not verified without a build",
      "@backstage/plugin-catalog-react":
        "the same: the entity cards read the entity through catalog-react's versioned context, shared across copies",
    },
  },
  {
    name: "@backstage-community/plugin-jenkins-backend",
    version: "0.31.0",
    workspace: "backend",
    feature: "jenkins",
    backstageDependencies: {
      "@backstage/backend-defaults": "^0.17.7",
      "@backstage/backend-plugin-api": "^1.10.0",
      "@backstage/catalog-model": "^1.10.0",
      "@backstage/config": "^1.3.8",
      "@backstage/errors": "^1.3.1",
      "@backstage/plugin-catalog-node": "^2.2.4",
      "@backstage/plugin-permission-common": "^0.9.10",
    },
    ownCopies: {
      "@backstage/backend-defaults":
        "built for Backstage 1.54.5 (CHANGELOG 0.31.0); its dist requires nothing from backend-defaults, so the copy is never loaded",
    },
  },
  {
    name: "@backstage-community/plugin-jenkins",
    version: "0.34.0",
    workspace: "app",
    feature: "jenkins",
    backstageDependencies: {
      "@backstage/catalog-model": "^1.10.0",
      "@backstage/core-compat-api": "^0.5.14",
      "@backstage/core-components": "^0.18.13",
      "@backstage/core-plugin-api": "^1.12.9",
      "@backstage/errors": "^1.3.1",
      "@backstage/frontend-plugin-api": "^0.18.0",
      "@backstage/plugin-catalog-react": "^3.2.2",
    },
  },
];

/**
 * Versions of Backstage 1.55.0's packages (create-app 0.9.2 dist/lib/versions.cjs.js) that the added packages
 * depend on: what their ranges are checked against.
 */
export const BACKSTAGE_VERSIONS: Readonly<Record<string, string>> = {
  "@backstage/backend-defaults": "0.18.0",
  "@backstage/catalog-model": "1.10.1",
  "@backstage/config": "1.3.9",
  "@backstage/core-compat-api": "0.5.15",
  "@backstage/core-components": "0.18.14",
  "@backstage/core-plugin-api": "1.12.10",
  "@backstage/errors": "1.3.1",
  "@backstage/frontend-plugin-api": "0.18.1",
  "@backstage/plugin-catalog-react": "3.2.3",
  "@backstage/plugin-permission-common": "0.9.11",
};
