// GitHub Actions: tests and the drift check on every push and pull request, and on pull requests a plan
// of what the change does to the platform, posted as a comment. Actions are pinned to commits.
import type { ResolvedConfig } from "../../core/resolved.ts";

const CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"; // v4.2.2
const SETUP_NODE = "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020"; // v4.4.0

const setup = [
  { name: "Set up Node", uses: SETUP_NODE, with: { "node-version-file": ".nvmrc", cache: "npm" } },
  { name: "Install", run: "npm ci" },
];

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
          ...setup,
          { name: "Test", run: "npm test" },
          { name: "Drift check of the committed output", run: "npx fawkes check --format github" },
        ],
      },
      plan: {
        if: "github.event_name == 'pull_request'",
        "runs-on": "ubuntu-24.04",
        permissions: { contents: "read", "pull-requests": "write" },
        steps: [
          { name: "Check out", uses: CHECKOUT, with: { "fetch-depth": 0, "persist-credentials": false } },
          ...setup,
          { name: "Plan", run: "npx fawkes plan --base \"origin/${{ github.base_ref }}\" --format markdown > plan.md" },
          {
            name: "Comment the plan",
            env: { GH_TOKEN: "${{ github.token }}", PR: "${{ github.event.pull_request.number }}" },
            run: "gh pr comment \"$PR\" --edit-last --body-file plan.md || gh pr comment \"$PR\" --body-file plan.md",
          },
        ],
      },
    },
  };
}
