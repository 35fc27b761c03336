"""Runs a Pulumi Python program through the real engine with Python's Automation API.

The program (a project's __main__.py) runs inline, in this process, so no Python language host is
needed: the Automation API starts its own language server and calls the CLI with --client. The
engine output of each phase goes to <log_prefix>-<phase>.log.

Usage: python deploy.py <request.json>, where the request holds
  program      the program's __main__.py
  project      the project's name (its config keys are read under it)
  stack        the stack's name
  work_dir     the workspace folder
  backend      the backend URL (file://...)
  pulumi_root  a folder holding bin/pulumi
  env          the environment of the CLI and its plugins
  config       full config keys to plain string values
  phases       in order: "preview", "up", "refresh" or "destroy"
  log_prefix   the path the phases' log files start with
Prints one JSON object: for each phase, the engine's count of steps by operation, and the stack's
outputs after "up".
"""
import json
import os
import runpy
import sys

import pulumi.automation as auto


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        request = json.load(f)
    program_dir = os.path.dirname(os.path.abspath(request["program"]))
    # The program imports modules beside it, as `pulumi up` in its folder would let it.
    sys.path.insert(0, program_dir)

    def program() -> None:
        runpy.run_path(request["program"], run_name="__main__")

    stack = auto.create_or_select_stack(
        stack_name=request["stack"],
        project_name=request["project"],
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=request["work_dir"],
            pulumi_home=request["env"].get("PULUMI_HOME"),
            env_vars=request["env"],
            pulumi_command=auto.PulumiCommand(root=request["pulumi_root"], skip_version_check=True),
            project_settings=auto.ProjectSettings(
                name=request["project"], runtime="python", backend=auto.ProjectBackend(url=request["backend"])
            ),
        ),
    )
    stack.set_all_config({key: auto.ConfigValue(value=value) for key, value in request["config"].items()})

    results = {}
    for phase in request["phases"]:
        with open(f"{request['log_prefix']}-{phase}.log", "w", encoding="utf-8") as log:
            def write(line: str) -> None:
                log.write(line + "\n")
                log.flush()

            if phase == "preview":
                results[phase] = {"changes": stack.preview(on_output=write).change_summary}
            elif phase == "up":
                up = stack.up(on_output=write)
                results[phase] = {
                    "changes": up.summary.resource_changes,
                    "outputs": {name: output.value for name, output in up.outputs.items()},
                }
            elif phase == "refresh":
                results[phase] = {"changes": stack.refresh(on_output=write).summary.resource_changes}
            elif phase == "destroy":
                results[phase] = {"changes": stack.destroy(on_output=write).summary.resource_changes}
            else:
                raise ValueError(f"unknown phase {phase!r}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
