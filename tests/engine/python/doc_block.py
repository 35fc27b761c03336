"""Runs one Python program of the README or docs/ under Python's mocks, with the SDK on PYTHONPATH.

Usage: python doc_block.py <program.py> <config.json>, where config.json maps full config keys to
string values. The project and stack are both "docs", so the program's own keys are "docs:<key>".
Prints the type and name of every resource the program registered, as JSON, in order.
"""
import json
import runpy
import sys

import pulumi


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.registered.append({"type": args.typ, "name": args.name})
        return [f"{args.name}-id", args.inputs]

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


def main() -> None:
    program, config_file = sys.argv[1], sys.argv[2]
    with open(config_file, encoding="utf-8") as f:
        config = json.load(f)
    mocks = Mocks()
    pulumi.runtime.set_all_config(config)
    pulumi.runtime.set_mocks(mocks, project="docs", stack="docs", preview=False)
    # pulumi.runtime.test waits for every registration the program started; the program returns nothing.
    pulumi.runtime.test(lambda: runpy.run_path(program, run_name="__main__") and None)()
    print(json.dumps(mocks.registered))


if __name__ == "__main__":
    main()
