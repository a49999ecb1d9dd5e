"""Uploads: type by content, size limit, random names, stored outside the web root."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from flask import current_app

from aarhus.core.errors import OperationError

PDF, DOCX, PNG, JPEG = ("application/pdf",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "image/png", "image/jpeg")
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", PNG: ".png", JPEG: ".jpg"}
UNSAFE = re.compile(r'[\x00-\x1f\x7f/:*?"<>|]')


@dataclass(frozen=True)
class StoredFile:
    """Where an upload was put and what it is."""

    stored_name: str
    filename: str
    content_type: str
    size: int
    sha256: str


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` judged by its bytes, or None if not accepted."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


def upload_root() -> Path:
    """The directory uploads live in (never under static/)."""
    root = Path(current_app.config["AARHUS"].upload_dir)
    root.mkdir(parents=True, exist_ok=True)
    return root


def store(stream: BinaryIO, filename: str) -> StoredFile:
    """Check and store an upload; raise OperationError for a bad type or size."""
    limit = current_app.config["AARHUS"].max_upload_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise OperationError("file_too_large", 413)
    content_type = sniff(data)
    if content_type is None:
        raise OperationError("bad_file")
    stored_name = secrets.token_hex(16) + EXTENSIONS[content_type]
    (upload_root() / stored_name).write_bytes(data)
    return StoredFile(stored_name, display_name(filename, content_type), content_type, len(data),
                      hashlib.sha256(data).hexdigest())


def display_name(filename: str, content_type: str) -> str:
    """A safe name to show and download under: Kazakh letters kept, paths and controls removed."""
    name = UNSAFE.sub("_", PurePosixPath(filename.replace("\\", "/")).name).strip(" ._")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return (stem or "document")[:200] + EXTENSIONS[content_type]


def path_of(stored_name: str) -> Path:
    """The file of a stored upload."""
    return upload_root() / Path(stored_name).name
