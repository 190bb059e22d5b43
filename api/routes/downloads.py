"""`/downloads/glossary-{name}.{format}`: the glossary as XLSX, TBX, PDF or DOCX, made on request from the served build.

Each file is made once per build: it is kept under the build folder, in a folder named after the
build's input hash, so a new build never serves an old file and a rebuild clears them with the build.
Making a PDF takes seconds, so it runs in a worker thread, never on the event loop.
"""

import asyncio
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, Response
from govlex.api.deps import ServiceDep

from govlex.errors import UnknownName
from govlex.paths import build_dir

router = APIRouter(tags=["downloads"])

GLOSSARIES = ("us", "cn", "joint", "all")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "tbx": "application/x-tbx+xml",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DownloadFormat = Literal["xlsx", "tbx", "pdf", "docx"]


def _make(service_store: object, build_hash: str, glossary: str, fmt: str) -> bytes:
    """The file's bytes, made from the served store (the workbook from the curated files the build came from)."""
    if fmt == "xlsx":
        from govlex.curation.sheet_export import workbook_bytes

        return workbook_bytes(glossary)
    if fmt == "tbx":
        from govlex.curation.tbx_export import tbx_document

        return tbx_document(service_store, build_hash, None if glossary == "all" else glossary)  # type: ignore[arg-type]
    from govlex.curation.publish import publication

    return publication(fmt, glossary, store=service_store, build=build_hash)  # type: ignore[arg-type]


def _cached(folder: Path, name: str, make: Callable[[], bytes]) -> tuple[Path, bool]:
    """The cached file `name` in `folder`, made (and moved into place whole) when missing; and whether it was there."""
    path = folder / name
    if path.is_file():
        return path, True
    folder.mkdir(parents=True, exist_ok=True)
    payload = make()
    handle, temporary = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
    with os.fdopen(handle, "wb") as out:
        out.write(payload)
    os.replace(temporary, path)
    return path, False


@router.get(
    "/downloads/glossary-{glossary}.{fmt}",
    response_class=FileResponse,
    responses={
        200: {"content": {media: {} for media in MEDIA_TYPES.values()}},
        404: {
            "content": {
                "application/problem+json": {"example": {"title": "Not Found", "known": list(GLOSSARIES)}}
            }
        },
    },
)
async def download_glossary(glossary: str, fmt: DownloadFormat, service: ServiceDep) -> Response:
    """One glossary (us, cn, joint or all) as XLSX, TBX-Basic, PDF or DOCX, made from the served build."""
    if glossary not in GLOSSARIES:
        raise UnknownName("glossary", glossary, list(GLOSSARIES))
    build_hash = str(service.manifest.get("input_hash", ""))
    if not build_hash:
        # A remote store or a --data file: no curated build to key the files by, nor files to make a workbook from.
        raise HTTPException(404, "downloads are made from a govlex build; this server serves another store")
    name = f"glossary-{glossary}.{fmt}"
    folder = (service.settings.build_dir or build_dir()) / "downloads" / build_hash[:16]
    path, hit = await asyncio.to_thread(
        _cached, folder, name, lambda: _make(service.store, build_hash, glossary, fmt)
    )
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[fmt],
        filename=name,
        headers={"X-Govlex-Cache": "hit" if hit else "miss", "Cache-Control": "public, max-age=3600"},
    )
