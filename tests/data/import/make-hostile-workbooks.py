"""Writes the hostile workbooks the import must refuse without dying (tests/it/import.rs,
`hostile_workbooks_are_refused_in_a_process_that_lives`). Each starts from services.xlsx.

    python3 tests/data/import/make-hostile-workbooks.py
"""
import pathlib
import zipfile

HERE = pathlib.Path(__file__).parent
SOURCE = zipfile.ZipFile(HERE / "services.xlsx")
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SST_REL = (b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def workbook(name, sheet=None, shared_strings=None):
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for part in SOURCE.infolist():
            data = SOURCE.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml" and sheet is not None:
                data = sheet
            if part.filename == "xl/_rels/workbook.xml.rels" and shared_strings is not None:
                data = data.replace(b"</Relationships>", SST_REL)
            out.writestr(part.filename, data)
        if shared_strings is not None:
            out.writestr("xl/sharedStrings.xml", shared_strings)


# A1 and XFD1048576: a range over both is 1.7e10 cells.
workbook("hostile-sparse.xlsx", sheet=b'<worksheet ' + MAIN + b'><dimension ref="A1:XFD1048576"/><sheetData>'
         b'<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
         b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
# Shared strings that claim a trillion texts, for the reader to reserve room for.
workbook("hostile-shared-strings-count.xlsx", shared_strings=b'<?xml version="1.0"?><sst ' + MAIN +
         b' count="1000000000000" uniqueCount="1000000000000"><si><t>a</t></si></sst>')
# One text of 140 MB, packed into about 140 KB.
workbook("hostile-shared-strings-bomb.xlsx", shared_strings=b'<?xml version="1.0"?><sst ' + MAIN + b'><si><t>'
         + b"A" * (140 * 1000 * 1000) + b'</t></si></sst>')
