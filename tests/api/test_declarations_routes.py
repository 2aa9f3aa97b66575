"""Collaboration declarations: brands and creators declare; each sees only their own."""

from __future__ import annotations

from sqlalchemy import select

from tinnhiem.store import tables

DECL = "/api/v1/declarations"


def _post_of(scratch, key: str) -> tables.Post:
    with scratch["factory"]() as session:
        return session.scalars(select(tables.Post).join(tables.Account).join(tables.Influencer)
                               .where(tables.Influencer.key == key, tables.Post.url.is_not(None))).first()


def test_brand_declares_for_a_creator_and_links_posts(api_client, scratch_site):
    app, creator_key = scratch_site["app"], scratch_site["creator"]
    post = _post_of(scratch_site, creator_key)
    brand = api_client("brand", app)
    body = {"influencer_key": creator_key, "brand": "Someone Else Inc", "start_on": "2026-03-01", "end_on": "2026-04-01",
            "compensation": "paid", "disclosure_text": "#hợptác với <b>nhãn hàng</b>",
            "post_links": [post.url, f"{post.platform}:{post.post_id}", "https://not-a-post.example/x"]}
    made = brand.post(DECL, json=body)
    assert made.status_code == 201
    d = made.json()
    assert d["brand"] == scratch_site["brand"]  # a brand declares only as itself
    assert (d["declared_by"], d["posts_linked"], d["source"]) == ("brand", 1, "web")
    assert d["disclosure_text"] == "#hợptác với <b>nhãn hàng</b>" and len(d["post_links"]) == 3
    assert d["id"] in [x["id"] for x in brand.get(DECL).json()]
    assert all(x["brand"] == scratch_site["brand"] for x in brand.get(DECL).json())
    mine = api_client("creator", app).get(DECL).json()
    assert d["id"] in [x["id"] for x in mine] and all(x["influencer_key"] == creator_key for x in mine)
    audit = api_client("admin", app).get("/api/v1/admin/audit", params={"action": "declaration.created"}).json()
    assert audit[0]["target_id"] == str(d["id"]) and audit[0]["role"] == "brand"


def test_creator_declares_only_about_themselves(api_client, scratch_site):
    app = scratch_site["app"]
    other = next(k for k in scratch_site["all"] if k != scratch_site["creator"])
    creator = api_client("creator", app)
    made = creator.post(DECL, json={"influencer_key": other, "brand": "Nhãn A", "start_on": "2026-01-01"})
    assert made.status_code == 201 and made.json()["influencer_key"] == scratch_site["creator"]
    assert made.json()["declared_by"] == "creator"
    foreign = api_client("operator", app).post(DECL, json={"influencer_key": other, "brand": "Nhãn B",
                                                           "start_on": "2026-01-01"})
    assert foreign.status_code == 201 and foreign.json()["declared_by"] == "operator"
    assert foreign.json()["id"] not in [x["id"] for x in creator.get(DECL).json()]
    assert foreign.json()["id"] not in [x["id"] for x in api_client("brand", app).get(DECL).json()]
    assert foreign.json()["id"] in [x["id"] for x in api_client("reviewer", app).get(DECL).json()]


def test_invalid_declarations_are_refused(api_client, scratch_site):
    op = api_client("operator", scratch_site["app"])
    key = scratch_site["creator"]
    assert op.post(DECL, json={"influencer_key": key, "brand": "A", "start_on": "2026-05-01",
                               "end_on": "2026-04-01"}).status_code == 422
    assert op.post(DECL, json={"influencer_key": "nobody", "brand": "A", "start_on": "2026-05-01"}).status_code == 404
    assert op.post(DECL, json={"brand": "A", "start_on": "2026-05-01"}).status_code == 422
    assert op.post(DECL, json={"influencer_key": key, "brand": "", "start_on": "2026-05-01"}).status_code == 422
    assert op.post(DECL, json={"influencer_key": key, "brand": "A", "start_on": "soon"}).status_code == 422


def test_who_may_declare_and_read(api_client, client):
    assert client.get(DECL).status_code == 401
    assert api_client("reviewer").post(DECL, json={"influencer_key": "x", "brand": "A",
                                                   "start_on": "2026-01-01"}).status_code == 403
