"""``/log``: the transparency log's signed checkpoint and its inclusion and consistency proofs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from tinnhiem.api.deps import get_factory
from tinnhiem.api.routes._public import Model, http_errors
from tinnhiem.services import verify

router = APIRouter(tags=["log"])
Size = Annotated[int | None, Query(ge=1, le=2**62)]


class CheckpointOut(Model):
    checkpoint: dict[str, Any]
    signature: dict[str, str]


class InclusionOut(Model):
    seq: int
    size: int
    root: str
    inclusion_proof: list[str]


class ConsistencyOut(Model):
    old_size: int
    size: int
    old_root: str
    root: str
    consistency_proof: list[str]


@router.get("/log/checkpoint", response_model=CheckpointOut, summary="Signed checkpoint of the whole log")
def checkpoint(request: Request) -> dict:
    s = request.app.state.settings
    try:
        return verify.current_checkpoint(get_factory(request), key_dir=Path(s.key_dir), env=s.env, origin=s.log_origin)
    except (LookupError, ValueError) as exc:
        raise HTTPException(status_code=503, detail=f"checkpoint unavailable: {exc}") from None


@router.get("/log/proofs/inclusion", response_model=InclusionOut, summary="Inclusion proof of one entry")
def inclusion(request: Request, seq: Annotated[int, Query(ge=0, le=2**62)], size: Size = None) -> dict:
    with http_errors():
        return verify.log_proof(get_factory(request), seq=seq, size=size)


@router.get("/log/proofs/consistency", response_model=ConsistencyOut, summary="Consistency proof between two sizes")
def consistency(request: Request, old: Annotated[int, Query(ge=1, le=2**62)], new: Size = None) -> dict:
    with http_errors():
        return verify.log_proof(get_factory(request), old_size=old, size=new)
