"""The README's datatrove example: WARC files in, clean JSON Lines out.

    pip install './bindings/python[datatrove]'
    python examples/datatrove_pipeline.py crawl/ out/

The `if __name__ == "__main__":` guard is needed: datatrove starts its workers with
multiprocessing, which imports this file again in each of them.
"""

import sys

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter

from pagewash.integrations.datatrove import PagewashWarcReader


def main(crawl: str = "crawl/", out: str = "out/", tasks: int = 2) -> None:
    LocalPipelineExecutor(
        pipeline=[
            # Reads and cleans in one step: pagewash decides each page's charset.
            PagewashWarcReader(crawl, glob_pattern="*.warc.gz", t2s=True),
            JsonlWriter(out),
        ],
        tasks=tasks,
        logging_dir=f"{out.rstrip('/')}-logs",
    ).run()


if __name__ == "__main__":
    main(*sys.argv[1:3])
