"""Runs every kernels/tools/gen_*.py with --check; exits 1 if any generated file differs from what
its generator produces (each generator prints the diff). The kernels build runs this
(exec-maven-plugin, phase process-sources), so a generated file and its generator cannot drift
apart. Convention for generators: kernels/tools/gen_*.py, no arguments = rewrite the file,
--check = compare in memory; the generated file's first line names the generator."""
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
generators = sorted(glob.glob(os.path.join(here, "gen_*.py")))
if not generators:
    sys.exit("check_generated: no kernels/tools/gen_*.py found in " + here)
failed = []
for g in generators:
    if subprocess.run([sys.executable, g, "--check"]).returncode != 0:
        failed.append(os.path.basename(g))
if failed:
    print("check_generated: generated sources out of date: " + ", ".join(failed)
          + " (run each without --check and commit the result)")
    sys.exit(1)
print("check_generated: %d generated file set(s) up to date (%s)"
      % (len(generators), ", ".join(os.path.basename(g) for g in generators)))
