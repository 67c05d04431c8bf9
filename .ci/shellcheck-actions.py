"""shellcheck over every `run:` script of GitHub workflows and composite actions (run by
.ci/validate-integrations), as actionlint does for workflows, and for action.yml, which
actionlint does not read on its own.

usage: shellcheck-actions.py SHELLCHECK FILE...

Each `${{ … }}` expression is replaced by a placeholder word of the same length, as
actionlint does, so that shellcheck sees the script the runner will run.
"""
import re
import subprocess
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def scripts(document):
    """(where, shell, script) for every run step, in jobs and in a composite action."""
    steps = []
    for job_id, job in (document.get("jobs") or {}).items():
        shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", "bash")
        steps += [(f"job {job_id}", shell, s) for s in job.get("steps") or []]
    runs = document.get("runs") or {}
    if runs.get("using") == "composite":
        steps += [("the action", None, s) for s in runs.get("steps") or []]
    for where, default, step in steps:
        if "run" in step:
            shell = step.get("shell", default or "bash")
            name = step.get("name") or step.get("id") or step["run"].splitlines()[0]
            yield f"{where}, step {name!r}", shell, step["run"]


def main(shellcheck, paths):
    problems = 0
    checked = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            document = yaml.safe_load(f)
        for where, shell, script in scripts(document):
            if shell not in ("bash", "sh"):
                continue
            text = EXPRESSION.sub(lambda m: "_" * len(m.group(0)), script)
            with tempfile.NamedTemporaryFile("w", suffix=".sh") as f:
                f.write(text)
                f.flush()
                run = subprocess.run(
                    [shellcheck, "--shell", shell, "--format", "gcc", f.name],
                    capture_output=True,
                    text=True,
                )
            checked += 1
            if run.returncode != 0:
                problems += 1
                print(f"{path}: {where}:")
                print(run.stdout.replace(f.name, "  line"), end="")
    print(f"shellcheck: {checked} scripts, {problems} with problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
