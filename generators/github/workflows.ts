// GitHub Actions: tests and the drift check on every push and pull request, and on pull requests a plan
// of what the change does to the platform, posted as a comment; release and promotion as reviewed pull requests;
// the golden path's service requests applied in their own pull request; the platform's Backstage image built from
// its recipe. Actions are pinned to commits.
import { MANIFEST_PATH, OUTPUT_ROOTS } from "../../core/output-roots.ts";
import { NODE_VERSION, NODE_VERSION_FILE } from "../../core/repo-facts.ts";
import { backstageImageRecipe } from "../../core/backstage-image/recipe.ts";
import { OUTPUT_PATHS, REQUESTS_DIR, RELEASE_APP_SECRETS, RELEASE_ENVIRONMENT } from "../../core/names.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";

const CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"; // v4.2.2
const SETUP_NODE = "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020"; // v4.4.0
/**
 * v3.1.1. Inputs read at that tag (action.yml): `client-id` (`app-id` is deprecated there), `private-key`,
 * `permission-<name>` narrowing the token; output `token`, revoked in the action's post step.
 */
const CREATE_APP_TOKEN = "actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3";
/** v7.0.0 (commit of the tag in actions/upload-artifact); inputs read in its action.yml: name, path, retention-days, if-no-files-found. */
const UPLOAD_ARTIFACT = "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f";
/** v8.0.1 (actions/download-artifact); action.yml: name, path, run-id and github-token for another run's artifact. */
const DOWNLOAD_ARTIFACT = "actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c";
/** The artifact service-requests leaves for service-requests-push: the change, as a patch. */
const REQUESTS_ARTIFACT = "service-requests";

/** The id of the step that mints the release App's token. */
const APP_TOKEN_STEP = "release-app-token";

/** Node from the repository's version file when it has one; the installed fawkes package from the lockfile. */
function setup(model: ResolvedConfig): Record<string, unknown>[] {
  const node = model.repo.present.has(NODE_VERSION_FILE)
    ? { "node-version-file": NODE_VERSION_FILE }
    : { "node-version": NODE_VERSION };
  return [
    { name: "Set up Node", uses: SETUP_NODE, with: { ...node, cache: "npm" } },
    { name: "Install", run: "npm ci" },
  ];
}

export function ciWorkflow(model: ResolvedConfig): Record<string, unknown> {
  return {
    name: "ci",
    on: { push: { branches: [model.platform.revision] }, pull_request: {} },
    permissions: { contents: "read" },
    concurrency: { group: "ci-${{ github.ref }}", "cancel-in-progress": true },
    jobs: {
      test: {
        "runs-on": "ubuntu-24.04",
        steps: [
          // The job runs the pull request's code: no token may stay behind in .git/config.
          { name: "Check out", uses: CHECKOUT, with: { "persist-credentials": false } },
          ...setup(model),
          // The repository's own tests, when it has any; a platform repository has only the drift check.
          ...(model.repo.testScript ? [{ name: "Test", run: "npm test" }] : []),
          { name: "Drift check of the committed output", run: "npx fawkes check --format github" },
        ],
      },
      plan: {
        if: "github.event_name == 'pull_request'",
        "runs-on": "ubuntu-24.04",
        permissions: { contents: "read", "pull-requests": "write" },
        steps: [
          { name: "Check out", uses: CHECKOUT, with: { "fetch-depth": 0, "persist-credentials": false } },
          ...setup(model),
          { name: "Plan", run: 'npx fawkes plan --base "origin/${{ github.base_ref }}" --format markdown > plan.md' },
          {
            name: "Comment the plan",
            env: { GH_TOKEN: "${{ github.token }}", PR: "${{ github.event.pull_request.number }}" },
            run: 'gh pr comment "$PR" --edit-last --body-file plan.md || gh pr comment "$PR" --body-file plan.md',
          },
        ],
      },
    },
  };
}

/** The step that mints the release App's token, narrowed to what pushing and pull requests need. */
function mintAppToken(pullRequests: "write" | "none" = "write"): Record<string, unknown> {
  return {
    name: "Mint the release App's token",
    id: APP_TOKEN_STEP,
    uses: CREATE_APP_TOKEN,
    with: {
      "client-id": `\${{ secrets.${RELEASE_APP_SECRETS.clientId} }}`,
      "private-key": `\${{ secrets.${RELEASE_APP_SECRETS.privateKey} }}`,
      "permission-contents": "write",
      ...(pullRequests === "write" ? { "permission-pull-requests": "write" } : {}),
    },
  };
}

/** git pushes with the token from the environment (never written to .git/config). */
const PUSH_WITH_TOKEN = `git -c credential.helper= -c 'credential.helper=!f() { echo username=x-access-token; echo "password=$GH_TOKEN"; }; f' push`;

const BOT_IDENTITY = [
  'git config user.name "fawkes-release[bot]"',
  'git config user.email "fawkes-release@users.noreply.github.com"',
];

/**
 * Inputs reach `run` steps through the environment, never pasted into the script (no injection). The branch
 * is pushed and the pull request opened with a GitHub App's installation token, minted only after every
 * build step ran (no step that runs repository code sees it) and narrowed to contents and pull requests:
 * GitHub starts no workflow run for events made with the workflow's own GITHUB_TOKEN, so a pull request
 * opened with it would never run the checks branch protection requires. git reads the token from the
 * environment through a one-command credential helper, so it is never written to .git/config.
 */
function openPullRequest(branch: string, title: string, command: string, base: string): Record<string, unknown>[] {
  return [
    { name: "Record", run: command },
    mintAppToken(),
    {
      name: "Open a pull request",
      env: {
        GH_TOKEN: `\${{ steps.${APP_TOKEN_STEP}.outputs.token }}`,
        BRANCH: branch,
        TITLE: title,
        BASE: base,
      },
      run: [
        ...BOT_IDENTITY,
        'git switch -c "$BRANCH"',
        "git add -A",
        'git -c core.hooksPath=/dev/null commit --no-verify -m "$TITLE"',
        `${PUSH_WITH_TOKEN} origin "$BRANCH"`,
        'gh pr create --base "$BASE" --head "$BRANCH" --title "$TITLE" --body "Opened by the ${{ github.workflow }} workflow (run ${{ github.run_id }}). Review the plan comment, then merge to deploy."',
      ].join("\n"),
    },
  ];
}

function recordWorkflow(
  model: ResolvedConfig,
  name: string,
  inputs: Record<string, unknown>,
  env: Record<string, string>,
  command: string,
  branch: string,
  title: string,
): Record<string, unknown> {
  const base = model.platform.revision;
  return {
    name,
    on: { workflow_dispatch: { inputs } },
    // GITHUB_TOKEN only checks out: the branch and the pull request are the release App's (openPullRequest),
    // and the default branch changes only through review.
    permissions: { contents: "read" },
    concurrency: { group: `${name}-\${{ inputs.service }}`, "cancel-in-progress": false },
    jobs: {
      [name]: {
        "runs-on": "ubuntu-24.04",
        // The App's secrets live in an environment open to the default branch only.
        environment: RELEASE_ENVIRONMENT,
        env,
        steps: [
          { name: "Check out", uses: CHECKOUT, with: { ref: base, "persist-credentials": false } },
          ...setup(model),
          ...openPullRequest(branch, title, command, base),
        ],
      },
    },
  };
}

/** Dispatched by Jenkins after an image is pushed: records `<commit>@<digest>` for an environment in a pull request. */
export function releaseWorkflow(model: ResolvedConfig): Record<string, unknown> {
  const environments = model.environments.map((e) => e.name);
  return recordWorkflow(
    model,
    "release",
    {
      service: { description: "Service", required: true, type: "string" },
      environment: {
        description: "Environment",
        required: true,
        type: "choice",
        options: environments,
        default: environments[0],
      },
      image: { description: "Image tag pinned to its digest: <commit>@sha256:…", required: true, type: "string" },
    },
    { SERVICE: "${{ inputs.service }}", ENVIRONMENT: "${{ inputs.environment }}", IMAGE: "${{ inputs.image }}" },
    'npx fawkes release "$SERVICE" --env "$ENVIRONMENT" --image-tag "$IMAGE"',
    "release/${{ inputs.service }}-${{ inputs.environment }}-${{ github.run_id }}",
    "Release ${{ inputs.service }} to ${{ inputs.environment }}",
  );
}

/** Promotion along the environments' order, as a reviewed pull request too. */
export function promoteWorkflow(model: ResolvedConfig): Record<string, unknown> {
  const environments = model.environments.map((e) => e.name);
  return recordWorkflow(
    model,
    "promote",
    {
      service: { description: "Service", required: true, type: "string" },
      from: {
        description: "Environment whose image is promoted",
        required: true,
        type: "choice",
        options: environments.slice(0, -1),
        default: environments[0],
      },
      to: {
        description: "Environment promoted to",
        required: true,
        type: "choice",
        options: environments.slice(1),
        default: environments[1],
      },
    },
    { SERVICE: "${{ inputs.service }}", FROM: "${{ inputs.from }}", TO: "${{ inputs.to }}" },
    'npx fawkes promote "$SERVICE" --from "$FROM" --to "$TO"',
    "promote/${{ inputs.service }}-${{ inputs.to }}-${{ github.run_id }}",
    "Promote ${{ inputs.service }} from ${{ inputs.from }} to ${{ inputs.to }}",
  );
}

/**
 * Builds the platform's Backstage image from its recipe and pushes it as `<registry>/backstage:<recipe hash>`, the
 * tag the Backstage values name. The tag is the recipe's content hash, so a recipe already pushed is never rebuilt
 * (its dependencies would float): the push job first asks the registry for it. Pull requests that change the recipe
 * build it without pushing, with a read-only token; only the push job, on the default branch, may write packages.
 * Docker's own CLI (on the runner) builds, logs in and pushes: no action beyond checkout.
 */
export function backstageImageWorkflow(model: ResolvedConfig): Record<string, unknown> {
  const { image } = backstageImageRecipe(model);
  const context = OUTPUT_PATHS.backstageImage;
  const paths = [`${context}/**`, OUTPUT_PATHS.backstageImageWorkflow];
  const env = { IMAGE: `${image.registry}/${image.repository}:${image.tag}`, CONTEXT: context };
  const checkout = { name: "Check out", uses: CHECKOUT, with: { "persist-credentials": false } };
  return {
    name: "backstage-image",
    on: {
      push: { branches: [model.platform.revision], paths },
      pull_request: { paths },
      workflow_dispatch: {},
    },
    permissions: { contents: "read" },
    concurrency: { group: "backstage-image-${{ github.ref }}", "cancel-in-progress": false },
    jobs: {
      build: {
        if: "github.event_name == 'pull_request'",
        "runs-on": "ubuntu-24.04",
        env,
        steps: [checkout, { name: "Build", run: 'docker build --tag "$IMAGE" "$CONTEXT"' }],
      },
      push: {
        // Only the default branch pushes: a run dispatched on another branch builds nothing it could push.
        if: `github.event_name != 'pull_request' && github.ref == 'refs/heads/${model.platform.revision}'`,
        "runs-on": "ubuntu-24.04",
        permissions: { contents: "read", packages: "write" },
        env,
        steps: [
          checkout,
          {
            name: "Log in to the registry",
            env: { TOKEN: "${{ github.token }}", ACTOR: "${{ github.actor }}", REGISTRY: image.registry },
            run: 'printf "%s" "$TOKEN" | docker login "$REGISTRY" --username "$ACTOR" --password-stdin',
          },
          {
            name: "Build and push unless the registry has this recipe's image",
            run: [
              'if docker manifest inspect "$IMAGE" > /dev/null 2>&1; then',
              '  echo "$IMAGE is already in the registry: an unchanged recipe is not rebuilt."',
              "else",
              '  docker build --tag "$IMAGE" "$CONTEXT"',
              '  docker push "$IMAGE"',
              "fi",
            ].join("\n"),
          },
        ],
      },
    },
  };
}

/**
 * The golden path's last hop, in two workflows so that no code of the branch ever runs where the App's token is.
 * `service-requests`, on a pull request that adds `.fawkes/requests/<service>.yaml`, runs `fawkes apply-requests`
 * on that branch (the request written into the config and the releases file, the tree regenerated, the request
 * removed) with no secret at all, and leaves the change as a patch. Only branches of this repository; a fork's are
 * not touched.
 */
export function serviceRequestsWorkflow(model: ResolvedConfig): Record<string, unknown> {
  return {
    name: "service-requests",
    on: { pull_request: { paths: [`${REQUESTS_DIR}/**`] } },
    permissions: { contents: "read" },
    concurrency: { group: "service-requests-${{ github.event.pull_request.number }}", "cancel-in-progress": true },
    jobs: {
      apply: {
        if: "github.event.pull_request.head.repo.full_name == github.repository",
        "runs-on": "ubuntu-24.04",
        steps: [
          {
            name: "Check out the pull request's branch",
            uses: CHECKOUT,
            with: { ref: "${{ github.event.pull_request.head.ref }}", "persist-credentials": false },
          },
          ...setup(model),
          { name: "Apply the requests", run: "npx fawkes apply-requests" },
          {
            name: "Record the change",
            run: [
              "git add -A",
              // Without renames, each path appears as itself for the check on the other side.
              'git -c diff.renames=false diff --cached --binary > "$RUNNER_TEMP/requests.patch"',
            ].join("\n"),
          },
          {
            name: "Keep the change for service-requests-push",
            uses: UPLOAD_ARTIFACT,
            with: {
              name: REQUESTS_ARTIFACT,
              path: "${{ runner.temp }}/requests.patch",
              "retention-days": 1,
              "if-no-files-found": "error",
            },
          },
        ],
      },
    },
  };
}

/**
 * `service-requests-push` runs after it, as the default branch defines it (`workflow_run`), in the environment
 * that holds the App's secrets: it checks that the patch touches only what applying a request writes (the config,
 * the releases file, the generated tree, the request itself), applies it to the branch's commit, and pushes it
 * with a token that may only push contents, so CI, the drift check and the plan run on what will merge. It runs
 * nothing of the branch: no install, no config, no hook.
 */
export function serviceRequestsPushWorkflow(model: ResolvedConfig): Record<string, unknown> {
  // What apply-requests writes: the config, the releases file, the request it removes, the owned-files list and
  // the generated output (its roots, as generate knows them), but never a workflow (the App may not push those).
  const allowed = [
    model.configFile,
    model.releasesFile,
    `${REQUESTS_DIR}/`,
    MANIFEST_PATH,
    ...OUTPUT_ROOTS.filter((root) => !root.startsWith(".github/workflows")),
  ].map((path) => (path.endsWith("/") ? `${path}*` : path));
  return {
    name: "service-requests-push",
    on: { workflow_run: { workflows: ["service-requests"], types: ["completed"] } },
    // Reading the other run's artifact needs actions: read.
    permissions: { contents: "read", actions: "read" },
    jobs: {
      push: {
        if: [
          "github.event.workflow_run.conclusion == 'success'",
          "github.event.workflow_run.event == 'pull_request'",
          "github.event.workflow_run.head_repository.full_name == github.repository",
        ].join(" && "),
        "runs-on": "ubuntu-24.04",
        environment: RELEASE_ENVIRONMENT,
        steps: [
          {
            name: "Check out the pull request's commit",
            uses: CHECKOUT,
            with: { ref: "${{ github.event.workflow_run.head_sha }}", "persist-credentials": false },
          },
          {
            name: "Fetch the change",
            uses: DOWNLOAD_ARTIFACT,
            with: {
              name: REQUESTS_ARTIFACT,
              path: "${{ runner.temp }}/requests",
              "run-id": "${{ github.event.workflow_run.id }}",
              "github-token": "${{ github.token }}",
            },
          },
          {
            name: "Check and apply the change",
            id: "apply",
            shell: "bash",
            run: [
              'patch="$RUNNER_TEMP/requests/requests.patch"',
              'if [ ! -s "$patch" ]; then echo "Nothing to apply."; echo "changed=no" >> "$GITHUB_OUTPUT"; exit 0; fi',
              // Every path the patch touches must be one applying a request writes; an unusual name comes
              // quoted by git and matches nothing.
              'git apply --numstat "$patch" | cut -f3- | while IFS= read -r path; do',
              '  case "$path" in',
              `    ${allowed.join("|")}) ;;`,
              '    *) echo "::error::the change touches $path, which applying a service request never writes"; exit 1 ;;',
              "  esac",
              "done",
              'git apply --index "$patch"',
              'echo "changed=yes" >> "$GITHUB_OUTPUT"',
            ].join("\n"),
          },
          // Pushing needs contents only: the token cannot approve or change pull requests.
          { ...mintAppToken("none"), if: "steps.apply.outputs.changed == 'yes'" },
          {
            name: "Push to the pull request",
            if: "steps.apply.outputs.changed == 'yes'",
            env: {
              GH_TOKEN: `\${{ steps.${APP_TOKEN_STEP}.outputs.token }}`,
              BRANCH: "${{ github.event.workflow_run.head_branch }}",
            },
            run: [
              ...BOT_IDENTITY,
              'git -c core.hooksPath=/dev/null commit --no-verify -m "Apply the service requests"',
              // A branch that moved since is not overwritten: the push is refused, and the next run applies anew.
              `${PUSH_WITH_TOKEN} origin "HEAD:refs/heads/$BRANCH"`,
            ].join("\n"),
          },
        ],
      },
    },
  };
}
