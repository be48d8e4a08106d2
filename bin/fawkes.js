#!/usr/bin/env node
// Entry point: the CLI is compiled ahead of time into dist/ (npm run build), so start-up runs plain JavaScript.
import { runCli } from "../dist/cli/main.js";

process.exitCode = await runCli(process.argv.slice(2));
