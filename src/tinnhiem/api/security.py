"""Who is calling, and what they may send.

``install(app, settings)`` wraps the application in three layers (outermost first):

1. :class:`Guard` — security headers on every response, and the request-body size limit
   (``settings.max_body_bytes`` → 413, whether the body is announced by Content-Length or
   chunked). Bodies of unsafe methods are buffered (bounded by the limit) and replayed.
2. Starlette's ``SessionMiddleware`` — the signed session cookie (``settings.session_secret``,
   httponly, SameSite=Lax, Secure in production).
3. :class:`Identify` — puts the caller on ``request.state.principal`` (from an API key,
   ``Authorization: Bearer tn_…``, or the session) and the CSRF token on
   ``request.state.csrf_token``; refuses unsafe requests without the right CSRF token when
   they come from a browser (every page form; API calls authenticated by the cookie).
   API-key requests carry no ambient authority and are exempt.

Routes attach the public-write rate limit with ``Depends(rate_limited("complaint"))``.
"""

from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections import deque
from urllib.parse import parse_qs

from fastapi import FastAPI, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tinnhiem.api.deps import ANONYMOUS, Principal, Role
from tinnhiem.services import accounts
from tinnhiem.settings import Settings

SESSION_COOKIE = "tinnhiem_session"
SESSION_MAX_AGE = 8 * 3600
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
API_PREFIX = "/api/"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
MSG_TOO_LARGE = "Nội dung yêu cầu quá lớn (request body too large)"
MSG_CSRF = "Yêu cầu không hợp lệ: thiếu hoặc sai mã chống giả mạo (CSRF), hãy tải lại trang (CSRF token missing or invalid)"
MSG_BAD_KEY = "Khóa API không hợp lệ hoặc đã bị thu hồi (invalid or revoked API key)"
MSG_RATE = "Quá nhiều yêu cầu, vui lòng thử lại sau (too many requests, try again later)"


def install(app: FastAPI, settings: Settings) -> None:
    app.state.rate_limiter = RateLimiter()
    app.add_middleware(Identify)  # innermost: runs after the session is decoded
    app.add_middleware(SessionMiddleware, secret_key=settings.session_secret.get_secret_value(),
                       session_cookie=SESSION_COOKIE, max_age=SESSION_MAX_AGE, same_site="lax",
                       https_only=settings.env == "production")
    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes, hsts=settings.env == "production")


# --------------------------------------------------------------------------- headers and body size


class Guard:
    """Security headers on every HTTP response; bodies larger than the limit are refused (413)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, hsts: bool = False) -> None:
        self.app, self.limit, self.hsts = app, max_body_bytes, hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(scope, send)
        if scope["method"] not in SAFE_METHODS:
            body = await self._read_body(scope, receive)
            if body is None:
                await JSONResponse({"detail": MSG_TOO_LARGE}, status_code=413,
                                   headers={"Connection": "close"})(scope, receive, send)
                return
            scope["tinnhiem.body"] = body
            receive = replay(body, receive)
        await self.app(scope, receive, send)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it is known to exceed the limit."""
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return None
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _with_headers(self, scope: Scope, send: Send) -> Send:
        extra = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                 (b"referrer-policy", b"strict-origin-when-cross-origin"), (b"x-frame-options", b"DENY"),
                 (b"cross-origin-opener-policy", b"same-origin")]
        if self.hsts:
            extra.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        return sending


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that yields the buffered body once, then defers to the real one."""
    sent = False

    async def receiving() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receiving


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


# --------------------------------------------------------------------------- identity and CSRF


class Identify:
    """Resolve the caller; enforce CSRF on browser-originated unsafe requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        factory = scope["app"].state.factory
        principal, refused = await _principal(scope, factory)
        if refused is not None:
            await refused(scope, receive, send)
            return
        session = scope.get("session", {})
        is_page = not scope["path"].startswith(API_PREFIX) and not scope["path"].startswith("/static/")
        token = session.get("csrf")
        if token is None and is_page:
            token = session["csrf"] = secrets.token_urlsafe(32)
        state = scope.setdefault("state", {})
        state["principal"], state["csrf_token"] = principal, token or ""
        if _needs_csrf(scope, principal, is_page) and not await _csrf_ok(scope, receive, token):
            refusal = JSONResponse({"detail": MSG_CSRF}, status_code=403) if not is_page else \
                PlainTextResponse(MSG_CSRF, status_code=403)
            await refusal(scope, receive, send)
            return
        if principal.role is not Role.public:
            send = _no_store(send)
        await self.app(scope, receive, send)


async def _principal(scope: Scope, factory: sessionmaker[Session]) -> tuple[Principal, Response | None]:
    authorization = _header(scope, b"authorization")
    if authorization:
        scheme, _, key = authorization.partition(" ")
        user = None
        if scheme.lower() == "bearer" and key.strip():
            user = await run_in_threadpool(accounts.resolve_api_key, factory, key.strip())
        if user is None:
            return ANONYMOUS, JSONResponse({"detail": MSG_BAD_KEY}, status_code=401,
                                           headers={"WWW-Authenticate": "Bearer"})
        return principal_of(user, via="api_key"), None
    session = scope.get("session")
    uid = session.get("uid") if session else None
    if not isinstance(uid, int):
        return ANONYMOUS, None
    user = await run_in_threadpool(accounts.get_user, factory, uid)
    if user is None:  # disabled or deleted since the login
        session.clear()
        return ANONYMOUS, None
    return principal_of(user, via="session"), None


def principal_of(user: accounts.User, *, via: str) -> Principal:
    return Principal(role=Role(user.role), user_id=user.id, username=user.username,
                     influencer_key=user.influencer_key, brand=user.brand, via=via)


def _needs_csrf(scope: Scope, principal: Principal, is_page: bool) -> bool:
    """Unsafe methods from a browser: every page form, and API calls the cookie authenticates.
    Anonymous API calls carry no ambient authority; API-key calls are exempt."""
    if scope["method"] in SAFE_METHODS or principal.via == "api_key":
        return False
    return is_page or principal.via == "session"


async def _csrf_ok(scope: Scope, receive: Receive, expected: str | None) -> bool:
    if not expected:
        return False
    given = _header(scope, CSRF_HEADER.encode()) or await _form_token(scope, receive)
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


async def _form_token(scope: Scope, receive: Receive) -> str | None:
    body: bytes = scope.get("tinnhiem.body", b"")
    content_type = (_header(scope, b"content-type") or "").lower()
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD)
        return values[0] if values else None
    if content_type.startswith("multipart/form-data"):
        form = await Request(scope, replay(body, receive)).form()
        try:
            value = form.get(CSRF_FIELD)
            return value if isinstance(value, str) else None
        finally:
            await form.close()
    return None


def _no_store(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if not any(k.lower() == b"cache-control" for k, _ in headers):
                headers.append((b"cache-control", b"no-store"))
            message["headers"] = headers
        await send(message)

    return sending


# --------------------------------------------------------------------------- login and logout


def login(request: Request, factory: sessionmaker[Session], username: str, password: str) -> Principal | None:
    """Check the password; on success start a fresh session (new CSRF token) for that user."""
    user = accounts.authenticate(factory, username=username, password=password)
    if user is None:
        return None
    request.session.clear()
    request.session.update({"uid": user.id, "csrf": secrets.token_urlsafe(32), "since": int(time.time())})
    principal = principal_of(user, via="session")
    request.state.principal, request.state.csrf_token = principal, request.session["csrf"]
    return principal


def logout(request: Request) -> None:
    request.session.clear()
    request.session["csrf"] = secrets.token_urlsafe(32)
    request.state.principal, request.state.csrf_token = ANONYMOUS, request.session["csrf"]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --------------------------------------------------------------------------- rate limits


class RateLimiter:
    """In-memory sliding window per (bucket, client address); one per application process."""

    MAX_KEYS = 50_000

    def __init__(self) -> None:
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, bucket: str, client: str, *, limit: int, window: float = 60.0, now: float | None = None) -> float | None:
        """Count one request; None if allowed, else the seconds until the next one is."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault((bucket, client), deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= limit:
                return max(hits[0] + window - now, 0.001)
            hits.append(now)
            if len(self._hits) > self.MAX_KEYS:
                self._forget(now - window)
            return None

    def reset(self, bucket: str | None = None) -> None:
        """Forget the counts (of one bucket): for tests and operators, never for requests."""
        with self._lock:
            for key in [k for k in self._hits if bucket is None or k[0] == bucket]:
                del self._hits[key]

    def _forget(self, before: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= before]:
            del self._hits[key]


def rate_limited(bucket: str):
    """Dependency: at most ``settings.public_write_rate`` requests per minute per client address."""

    def dependency(request: Request) -> None:
        limit = request.app.state.settings.public_write_rate
        retry = request.app.state.rate_limiter.hit(bucket, client_address(request), limit=limit)
        if retry is not None:
            raise HTTPException(status_code=429, detail=MSG_RATE, headers={"Retry-After": str(math.ceil(retry))})

    return dependency
