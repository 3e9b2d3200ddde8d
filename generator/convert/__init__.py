"""Questions in and out: other formats to a bank (`importing`), a bank to Moodle (`exporting`).

One module per format (`page`, `gift`, `moodle_xml`, `aiken`, `csv_format`
read; `gift_out`, `moodle_xml_out` write), a draft of the bank with what was
left out (`draft`), the bank writer (`yaml_out`), and the text conversions
(`html_markdown` over `html_tree`, `escape`, `text_formats`). See docs/import-export.md.
"""
