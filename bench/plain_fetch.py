"""The benchmark's ceiling: the same pages fetched with one requests session and parsed, nothing
else (no normalizing, no loading). A pipeline cannot be faster than this.

Usage: python plain_fetch.py <base_url>
"""

import sys

import requests

url = f"{sys.argv[1]}/json_link/items"
records = 0
with requests.Session() as session:
    while url:
        page = session.get(url).json()
        records += len(page["data"])
        url = page.get("next")
print(records)
