#!/usr/bin/python3
"""Derives online-retail.csv.gz (committed) from the raw UCI Online Retail export.

    /usr/bin/python3 benchmarks/online-retail/make.py path/to/online_retail.csv.gz

Keeps every line (541,909) so the trainer's ingest applies the benchmark protocol itself, and only
the columns the protocol reads: invoice, customer, time, product (StockCode), quantity, price, plus
a category derived from the Description with categories.json. Descriptions and countries are left out.
"""
import csv
import gzip
import io
import json
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
rules = json.load(open(os.path.join(here, "categories.json")))["categories"]


def category(description):
    text = " " + " ".join(re.findall(r"[A-Z0-9-]+", description.upper())) + " "
    for name, keywords in rules:
        if any(f" {keyword} " in text for keyword in keywords):
            return name
    return "other"


with gzip.open(sys.argv[1], "rt", newline="", encoding="utf-8") as raw:
    rows = list(csv.DictReader(raw))

# A product's category comes from its first non-empty description, so it never changes over time.
categories = {}
for row in rows:
    if row["StockCode"] not in categories and row["Description"].strip():
        categories[row["StockCode"]] = category(row["Description"])

out_path = os.path.join(here, "online-retail.csv.gz")
# mtime=0: the same input always gives the same bytes.
with open(out_path, "wb") as file, gzip.GzipFile(fileobj=file, mode="wb", mtime=0, compresslevel=9) as gz:
    text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
    out = csv.writer(text, lineterminator="\n")
    out.writerow(["invoice", "customer", "time", "product", "quantity", "price", "category"])
    for row in rows:
        out.writerow([row["InvoiceNo"], row["CustomerID"], row["InvoiceDate"], row["StockCode"], row["Quantity"], row["UnitPrice"], categories.get(row["StockCode"], "other")])
    text.flush()
    text.detach()

counts = {}
for name in categories.values():
    counts[name] = counts.get(name, 0) + 1
print(f"{len(rows)} lines, {len(categories)} products; products per category: {json.dumps(dict(sorted(counts.items())))}")
