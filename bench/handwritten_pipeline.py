"""The benchmark's hand-written pipeline: the sample API's items loaded with dlt's RESTClient.

It follows dlt's performance guide (https://dlthub.com/docs/reference/performance) where it
applies to one paginated endpoint, and loads what the generated pipeline loads (merge on the
primary key): one HTTP session reused for every page, whole pages yielded to dlt (never row by
row), the records taken from a known data selector (no detection), parquet files (pyarrow)
rather than INSERT statements, the data selector compiled once (dlt parses a string one on every
page), Python's cycle collector run every 10,000 new objects rather than 700, and the runtime
knobs (workers, buffers, file rotation, compression) read from config like any dlt pipeline, so
that both pipelines of the benchmark run with the same settings.
Items stay Python dicts: an Arrow table would skip normalization but load different tables than
the rest_api pipeline does.

Usage: python handwritten_pipeline.py <pipeline_name> <base_url>
"""

import gc
import sys

import dlt
from dlt.common.jsonpath import compile_path
from dlt.sources.helpers.rest_client import RESTClient
from dlt.sources.helpers.rest_client.paginators import JSONLinkPaginator


@dlt.resource(name="items", primary_key="id", write_disposition="merge")
def items(base_url: str):
    client = RESTClient(
        base_url=base_url,
        paginator=JSONLinkPaginator(next_url_path="next"),
        data_selector=compile_path("data"),
    )
    yield from client.paginate("json_link/items")


if __name__ == "__main__":
    gc.set_threshold(10_000)  # as the generated pipeline: fewer cycle collector passes
    pipeline_name, base_url = sys.argv[1], sys.argv[2]
    pipeline = dlt.pipeline(
        pipeline_name=pipeline_name,
        destination="duckdb",
        dataset_name=f"{pipeline_name}_data",
    )
    load_info = pipeline.run(items(base_url), loader_file_format="parquet")
    print(load_info)
