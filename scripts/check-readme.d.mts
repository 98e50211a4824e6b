// Types of scripts/check-readme.mjs (plain JavaScript, run by .ci/run).
export function readmeCommands(readme: string): { serve: string; test: string };
