"""Shared by the kernels/tools/gen_*.py generators: the --check / rewrite convention and the text
expansion of LOAD/STORE bodies. (Not a generator itself: check_generated.py runs only gen_*.py.)"""
import difflib
import os
import re
import sys


def java_target(name):
    """Path of kernels/src/main/java/dev/lanes/kernels/<name>."""
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "java",
                                         "dev", "lanes", "kernels", name))


def write_or_check(target, text, script, argv=None):
    """No arguments: rewrite target. --check: exit 1 with a diff if the checked-in file differs."""
    args = sys.argv[1:] if argv is None else argv
    name = os.path.basename(script)
    if args == ["--check"]:
        try:
            with open(target, encoding="utf-8") as f:
                old = f.read()
        except FileNotFoundError:
            old = ""
        if old != text:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True),
                                                       "checked-in " + target, "generated"))
            print("ERROR: " + target + " differs from what kernels/tools/" + name + " generates: "
                  "run python3 kernels/tools/" + name + " and commit the result")
            sys.exit(1)
    elif args:
        sys.exit("usage: " + name + " [--check]")
    else:
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)


def indent(s, k):
    return "\n".join((" " * k + l) if l.strip() else l for l in s.split("\n"))


def sub_io(body, masked, species):
    """LOAD(a) -> a full (or masked-tail) vector load of a[aOff + i]; a line STORE(v, a); -> the store."""
    m = ", tail" if masked else ""
    body = re.sub(r"LOAD\((\w+)\)", lambda mo: f"FloatVector.fromArray({species}, {mo.group(1)}, {mo.group(1)}Off + i{m})",
                  body)
    out = []
    for line in body.split("\n"):
        mo = re.match(r"^(\s*)STORE\((.*), (\w+)\);$", line)
        if mo:
            ind, v, a = mo.groups()
            line = f"{ind}{v}.intoArray({a}, {a}Off + i{m});"
        out.append(line)
    return "\n".join(out)
