"""Old Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice headless, then read as .docx.

LibreOffice is optional (Debian's libreoffice-writer-nogui): without `soffice` the file is refused with a
Chinese message saying how to install it, and the rest of the county builds. The conversion runs in a
fresh temporary folder with its own user profile (so two builds never share one), bounded by
`thresholds.CONVERT_SECONDS`.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from . import thresholds as T
from .containers import Unreadable
from .docx_format import read_docx
from .model import SourceText

INSTALL_HINT = "sudo apt install libreoffice-writer-nogui"


def office_converter() -> str | None:
    """The LibreOffice program on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(data: bytes, display: str) -> SourceText:
    program = office_converter()
    if program is None:
        raise Unreadable(f"文件 {display} 是旧版 Word/WPS 文件，需要 LibreOffice 才能读取，本机没有安装。"
                         f"请安装（{INSTALL_HINT}）后重新生成，或在 Word/WPS 中另存为 .docx 再放入。")
    with tempfile.TemporaryDirectory(prefix="county-convert-") as folder:
        work = Path(folder)
        source = work / ("source" + (Path(display).suffix.lower() or ".doc"))
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=T.CONVERT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise Unreadable(f"文件 {display} 用 LibreOffice 转换超时（超过 {T.CONVERT_SECONDS} 秒），未能读取。") from None
        except OSError as error:
            raise Unreadable(f"文件 {display} 无法调用 LibreOffice 转换（{error.strerror}）。") from None
        converted = work / "out" / "source.docx"
        if not converted.exists():
            raise Unreadable(f"文件 {display} 无法用 LibreOffice 转换为 .docx（可能已损坏或加密），未能读取。")
        text = read_docx(converted.read_bytes(), display)
    return SourceText(text.path, "doc", text.lines, text.warnings, format="doc")
