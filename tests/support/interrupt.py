"""The command line run so that it sends itself Ctrl-C at a moment that is certain, not raced.

`python -c CTRL_C_AFTER_FIRST_WRITE build SITE` (or `serve SITE ...`) is the builder's own
command line, except that SIGINT comes right after the first file is written into a staging
folder: during the write of a full build, or during the preview's first build.
"""

CTRL_C_AFTER_FIRST_WRITE = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal, even when the tests run in the background
from builder import write
own_pid, real_write = os.getpid(), write.StagingWriter.write
def write_then_interrupt(self, path, data):  # Ctrl-C as soon as the staging folder holds a file
    real_write(self, path, data)
    os.kill(own_pid, signal.SIGINT)
write.StagingWriter.write = write_then_interrupt
from builder.cli import main
code = main(sys.argv[1:])
sys.stdout.flush(); sys.stderr.flush()
os._exit(code)
"""
