"""Prints the row count of every table a dlt pipeline loaded, as JSON: {"table": count}."""

import json
import sys

import dlt

pipeline = dlt.attach(pipeline_name=sys.argv[1])
counts = {}
with pipeline.sql_client() as client:
    for table in pipeline.default_schema.data_table_names():
        name = client.make_qualified_table_name(table)
        counts[table] = client.execute_sql(f"SELECT COUNT(*) FROM {name}")[0][0]
print(json.dumps(counts))
