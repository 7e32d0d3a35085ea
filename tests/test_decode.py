"""Bad files give a clear Chinese error that names the file, never a crash."""
from __future__ import annotations

import pytest

from rag.ingest.decode import ReportError
from rag.ingest.parse import parse_file


@pytest.mark.parametrize("name, data, words", [
    ("empty.txt", b"", "空的"),
    ("blank.txt", b"  \n\n \t", "空的"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("binary.txt", bytes(range(256)) * 8, "二进制"),
    ("latin.txt", "Ærøskøbing café ".encode("utf-16-le") * 10, "二进制"),
    ("bad-bytes.txt", b"\x81\x30\xff\xfe\xfa" * 50, "编码"),
    ("headings-only.md", "# 标题\n\n## 一、部分\n".encode(), "正文"),
])
def test_bad_files_name_the_file(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReportError) as info:
        parse_file(path)
    assert name in str(info.value)
    assert words in str(info.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReportError, match="找不到文件"):
        parse_file(tmp_path / "nope.txt")
    with pytest.raises(ReportError, match="文件夹"):
        parse_file(tmp_path)
