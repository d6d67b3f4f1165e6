"""CSV cells that a spreadsheet will not run: a value starting with =, +, -, @, a tab or
a carriage return is read as a formula by Excel, LibreOffice and Google Sheets
(`=HYPERLINK(…)`, `+cmd|…`), so it gets a leading apostrophe, which they show as text.

Every CSV Masthead writes goes through `cell()`; Wagtail's spreadsheet exports (form
submissions, reports, listings) do too, through `install()`, called in CoreConfig.ready().
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """The value as written to a CSV cell: strings that would start a formula are
    prefixed with an apostrophe; other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def install():
    """Neutralise Wagtail's CSV exports: SpreadsheetExportMixin.write_csv_row (a public,
    documented override point) is wrapped once. tests/test_csv_exports.py is its canary."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin.write_csv_row, "neutralises_formulas", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    write_csv_row.neutralises_formulas = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
