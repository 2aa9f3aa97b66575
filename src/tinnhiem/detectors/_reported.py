"""Reported and warned-about speech (private helper for ``rulepack``).

Authority notices, sanction decisions, consumer warnings, news and health education often
quote or name the very advertising wording they criticise: "Sở Y tế xử phạt Công ty X vì
quảng cáo mỹ phẩm với nội dung "đặc trị nám"", "Người tiêu dùng cần cảnh giác với các "bài
thuốc gia truyền" …", "không có thực phẩm chức năng nào thay thế được insulin". That wording
is reported, not advertised. ``reported_spans(text)`` returns the regions of a stored text that
are such speech, so that the post rules can leave the words inside them alone:

* **quotes** ("…", “…”, «…», ‘…’, '…') in a sentence that carries a reporting context — a
  sanction ("xử phạt", "phạt 40 triệu đồng", "bị phạt", "khởi tố"), an authority (Sở Y tế,
  Bộ Công Thương, Cục ATTP, thanh tra, cơ quan chức năng …) acting on something ("cảnh báo",
  "phát hiện", "khuyến cáo không …"), or a warning ("cảnh giác", "đừng tin", "sai sự thật",
  "lừa đảo"). After a sanction or an authority's act, the quotes of the rest of that paragraph
  are reported too;
* **objects** of a sanction or of an authority's act, from the verb to the end of the sentence
  ("Thanh tra … phạt 40 triệu đồng một cơ sở quảng cáo viên uống là số 1 …"); of a warning,
  to the end of the clause ("cảnh giác với …", "đừng tin các quảng cáo …", "không có thực phẩm
  chức năng nào …", "bất kỳ loại kem nào quảng cáo …").

* **mentioned wording** in a sentence that forbids or regulates it: "Quảng cáo thuốc không được sử
  dụng các cụm từ như 'điều trị tận gốc', 'khỏi hẳn'", "Những từ như đặc trị, chữa khỏi … không
  được chấp nhận", "Dự thảo nghị định … loại bỏ các cụm từ '100% tự nhiên'", from the mention
  to the end of the clause (and the quotes of that sentence).
* **questioned claims**: in a text where someone asks others ("cho em hỏi", "có ai dùng", "mọi
  người ơi"), a question that doubts what an ad says ("… quảng cáo hết thoái hóa sau 7 ngày có thật
  không ạ?"), from the ad word to the question mark.

A clause ends at ".", "!", "?", ";", a line break, or a turn to something else ("…, nhưng",
"…, hãy", "…, còn", "…, chỉ có", "…, mình/shop …"), so an ad that begins with a warning
("Đừng tin quảng cáo tràn lan, kem X mới trị nám thật") keeps its own claim. Not a reporting
context: an authority named approvingly ("được Bộ Y tế cấp phép", "Bộ Y tế chứng nhận") —
that is ``medical_authority_misuse``'s business — nor the counterfeit warnings of ads
("cảnh giác hàng giả"). An ad may quote its own claims (``Kem "đặc trị nám" số 1``): quotes
alone are nothing.

Regions are original-text offsets (folding is one-to-one). The markers are folded regexes, not
phrase lists, because each needs its context: "cảnh giác" but not "cảnh giác hàng giả", "không
tin" only before what is advertised, an authority only when it acts. (``_category.NOT_PROMOTION``
is not reused: besides report words it lists questions, refusals and ad talk — "hàng giả", "nói
không", "cấm", "không nên" — next to which an ad's own quoted claims would count as reported.)
A text in which no marker can match has no region (one prefilter test); results are cached per
text.
"""

from __future__ import annotations

import bisect

import regex

from tinnhiem import text as T

Span = tuple[int, int]

# --------------------------------------------------------------------------- lexicons (folded)

# authorities whose notices, inspections and warnings are reported (folded regex alternation)
AUTHORITY = (
    r"(?:so|bo|phong|chi cuc|cuc|tong cuc|trung tam)\s+(?:y te|cong thuong|thong tin(?: va| &)? truyen thong|"
    r"tt\s?&\s?tt|van hoa(?:,? the thao va du lich)?|nong nghiep|khoa hoc(?: va| &)? cong nghe)"
    r"|cuc\s+(?:attp|qltt|atvstp|an toan(?: ve sinh)? thuc pham|quan ly duoc|qld|quan ly thi truong|"
    r"quan ly y duoc co truyen|quan ly kham chua benh|quan ly canh tranh|"
    r"canh tranh(?: va bao ve nguoi tieu dung)?|"
    r"thuong mai dien tu|phat thanh|bao ve nguoi tieu dung|an ninh mang|canh sat)"
    r"|chi cuc\s+(?:attp|atvstp|qltt|an toan(?: ve sinh)? thuc pham|quan ly thi truong)"
    r"|ban quan ly\s+(?:attp|an toan thuc pham)|uy ban canh tranh(?: quoc gia)?|hoi dong canh tranh"
    r"|(?:doi|luc luong)\s+(?:qltt|quan ly thi truong)|quan ly thi truong|qltt"
    r"|thanh tra(?:\s+(?:so|bo|cuc|y te|chuyen nganh))?|doan (?:thanh tra|kiem tra|lien nganh)"
    r"|co quan (?:chuc nang|quan ly|cong an|thue|chuyen mon)|luc luong chuc nang|cong an|ubnd|uy ban nhan dan"
    r"|vien kiem nghiem|to chuc y te the gioi|who"
)
# approval, not an act on something: "được Bộ Y tế cấp phép", "do Sở Y tế cấp", "bởi Cục ATTP"
_APPROVED_BY = r"(?<![\p{L}\p{N}])(?:duoc|do|boi|dat|theo tieu chuan|chuan)\s+(?:\S+\s+)?$"

# an authority's acts that report or sanction (object: the rest of the sentence)
ACTS = (
    r"xu phat|phat(?!\s+(?:huy|trien|hanh|dong|minh|song|bieu|am|sinh|tan|ban|ra|thanh|tai|lo|quang|"
    r"trien|giac|duc|tuong|phuc|dat|nhan|tiet))|xu ly|phat hien|canh bao|thu hoi|"
    r"go (?:bo|bai|video|clip|quang cao|noi dung|san pham|trang|tai khoan)|dinh chi|tich thu|thu giu|khoi to|"
    r"trieu tap|truy quet|triet pha|ngan chan|lap bien ban|vao cuoc|yeu cau go|yeu cau|de nghi|bac bo|"
    r"cong bo (?:ket qua|danh sach|thong tin)|to cao|chuyen ho so"
)
# an authority's neutral speech acts: reported only with a warning cue in the object
SPEECH = (r"khuyen cao|khuyen nghi|nhan manh|luu y|cho biet|thong bao|khang dinh|noi ro|neu ro|"
          r"tuyen truyen|nhac nho|nhac lai|luu y lai|tai khang dinh")
WARNING_CUE = (
    r"quang cao|qc|lua|sai su that|gia mao|mao danh|vi pham|canh giac|tranh|than trong|can trong|"
    r"(?:khong|ko|k|dung|chua|cam)\s+(?:\S+\s+){0,2}?"
    r"(?:co|nen|tin|mua|dung|su dung|tu y|duoc|thay|phai|bo|ngung|ban)"
)
# sanctions named without their authority: the rest of the sentence is the reported matter
SANCTION = (
    r"xu phat|bi phat|phat tien|phat hanh chinh|phat\s+\d[\d.,]*\s*(?:trieu|ty|nghin|ngan)(?:\s+dong)?|"
    r"khoi to|tich thu|thu giu|triet pha|bi xu ly|xu ly nghiem|de nghi xu ly|bi dinh chi|dinh chi luu hanh|"
    r"thu hoi (?:giay|so dang ky|toan quoc|lo|san pham)|bi thu hoi|bi go|bi yeu cau go|"
    r"bi (?:so|bo|cuc|co quan)|"
    # round 13 — a company admitting the fault of its own earlier ad ("Công ty thừa nhận thiếu sót khi
    # so sánh … tương đương 20 lít sữa", "đính chính nội dung quảng cáo")
    r"thua nhan (?:thieu sot|sai sot|sai pham|vi pham|sai lam)|(?:dinh chinh|cai chinh)\s+(?:lai\s+)?(?:thong tin|noi dung)"
    # round 20 — criminal proceedings: investigators, prosecutors, a trial and its defendants ("Tại
    # phiên tòa, các bị cáo thừa nhận phát ngôn …", "Cơ quan điều tra xác định kẹo được quảng cáo là …")
    # (folded "bị cáo" is also "bị cao huyết áp", "cáo trạng" also "cao trắng": only in their phrases)
    r"|co quan (?:canh sat\s+)?dieu tra|canh sat dieu tra|vien kiem sat|toa an|xet xu|phien toa|"
    r"(?:cac|nhung)\s+bi cao|theo cao trang|truy to"
)
# warnings and press words: quotes in the same sentence are reported
WARNING = (
    r"canh bao|canh giac|khuyen cao|sai su that|khong dung (?:voi\s+)?su that|lua dao|lua gat|gia mao|mao danh|gia danh|thoi phong|"
    r"gian doi|"
    r"quang cao (?:sai|lo|bay|ao|qua da|qua muc|tran lan|thoi phong|gian doi)|vi pham|"
    r"(?:dung|khong nen|ko nen|dung co|cho)\s+(?:tin|nghe|mua|ham)|"
    r"(?:khong|ko|k|hok)\s+tin\s+(?:vao\s+)?(?:cac|nhung|may|loi|quang cao|qc)|"
    r"tranh xa|nguoi tieu dung (?:can|nen|khong nen|hay)|de nghi nguoi dan|theo (?:bao chi|ban tin|phan anh)|"
    r"phan anh|to cao|tu xung|gan mac|chieu tro|thu doan|kich ban|tai dien"
)
# not warnings but ad talk: "cảnh giác hàng giả", "cảnh báo hàng nhái" (a seller's own line)
_COUNTERFEIT = (r"(?:\s+(?:voi|truoc))?\s+(?:cac\s+|nhung\s+)?(?:hang|san pham|shop|ben|noi ban)\s+"
                r"(?:gia|nhai|kem chat luong|troi noi)")

# warning constructions whose object runs to the end of the clause, commas included (a list of
# what is warned about): "cảnh giác (với) …", "cảnh báo (về) nhiều trang …", "(hơn) bất kỳ
# loại kem nào (được) quảng cáo …"
WIDE_OBJECT = (
    r"canh giac(?:\s+(?:voi|truoc))?(?!" + _COUNTERFEIT + r")"
    r"|canh bao\s*(?:ve|:)?\s*(?=(?:nhieu|cac|nhung|tinh trang|hien tuong|chieu|thu doan|trang|page|"
    r"san pham|quang cao|loi|video|kenh|tai khoan)\s)"
    r"|bat (?:ky|cu)\s+(?:[^\s,.;:!?]+\s+){0,4}?nao\s+(?:duoc\s+)?(?:quang cao|qc|tu xung|hua hen)"
)
# warning constructions whose object ends at the first comma too (the speaker may go on with
# their own product): "đừng tin (mấy lời) quảng cáo …", "không tin các quảng cáo …", "không nên
# mua các sản phẩm được quảng cáo …" (buying or using: only what is advertised or peddled),
# "tránh xa các sản phẩm …", "không có thực phẩm chức năng nào …" (a product class, then "nào")
NARROW_OBJECT = (
    r"(?:dung|khong nen|ko nen|cho|dung co|khong|ko|k|hok|tuyet doi khong)\s+(?:tu y\s+|tu\s+)?"
    r"(?:(?:tin|nghe|lam theo|bo thuoc theo|ngung thuoc theo)\s+(?:vao\s+|theo\s+)?"
    r"(?:(?:cac|nhung|may|loai|moi|bat ky|bat cu|mot so)\s+)?"
    r"(?:(?:loi|thong tin|bai|video|trang|kenh|clip)\s+)?"
    r"(?:quang cao|qc|loi|loi moi|loi hua|san pham|thong tin tren mang|tin don|bai thuoc|thuoc gia truyen|"
    r"than y|trang|page|kenh|video|clip|cac|nhung|may)"
    r"|(?:mua|dung|su dung|uong)\s+(?:(?:cac|nhung|may|loai|moi|bat ky|bat cu|mot so)\s+)?"
    r"(?:(?:san pham|thuoc|thuc pham|tpcn|kem|vien|hang)\s+(?:\S+\s+){0,2}?(?:duoc\s+)?"
    r"(?:quang cao|qc|troi noi|"
    # round 20 — "không tự mua kem trị nám xách tay trên mạng" (a doctor's advice)
    r"ban tran lan|khong ro nguon goc|xach tay|tren mang|ban tren mang|online)|bai thuoc|thuoc gia truyen|"
    r"thuoc (?:cua\s+)?than y))"
    r"|tranh\s+(?:xa\s+)?(?:mua\s+)?(?:cac|nhung|may)\s+(?:san pham|loai|trang|quang cao|loi)"
    # round 12 — the speaker doubts hearsay: "chị không biết nó có bằng một ký táo như người ta nói
    # không" (what "people say" about the product, not the speaker's claim)
    r"|(?:khong|ko|k|chang)\s+biet(?:\s+(?:no|cai nay|cai do|san pham nay|sp nay|vien nay|em nay|loai nay))?"
    r"(?:\s+co)?(?=(?:\s+[^\s,.;:!?]+){0,8}?\s+nhu\s+(?:nguoi ta|moi nguoi|mn|tren mang|quang cao)\s+"
    r"(?:van\s+)?(?:noi|don|quang cao|khen|bao|hua))"
    r"|(?P<none>(?:khong co|chua co|chang co)\s+(?:bat ky\s+|bat cu\s+|mot\s+)?(?:loai\s+)?"
    r"(?:thuc pham chuc nang|tpcn|thuc pham bao ve suc khoe|tpbvsk|thuc pham bo sung|thuc pham|"
    r"san pham|thuoc|"
    r"kem|vien uong|vien|my pham|bai thuoc|phuong phap|cach|serum|tra|dau goi)"
    r"(?:\s+[^\s,.;:!?\"“”«»]+){0,3}?\s+nao)"
)
# round 13 — wording MENTIONED, not used: "các cụm từ như 'điều trị tận gốc', 'khỏi hẳn'", "những từ
# như đặc trị, trị nám, chữa khỏi", "các từ ngữ tuyệt đối", "cụm từ '100% tự nhiên'" — reported only
# in a sentence that forbids or regulates them (PROHIBITION): a rule, a ban, a draft decree …
MENTION = (
    r"(?:(?:cac|nhung|mot so|moi|nhieu|hai|ba)\s+)?(?:cum tu|tu ngu|thuat ngu|tu khoa|cau chu|dong chu|khau hieu|"
    r"cach noi|cach dien dat|ngon tu)(?:\s+(?:quang cao|tuyet doi|so sanh))?(?:\s+(?:nhu|kieu|dang|mang tinh))?"
    r"(?![\p{L}\p{N}])"
    r"|(?:cac|nhung|mot so)\s+tu\s+(?:(?:nhu|kieu|dang|mang tinh)(?![\p{L}\p{N}])|(?=[\"“'‘]))"
)
PROHIBITION = (
    r"khong duoc(?:\s+phep)?|bi cam|nghiem cam|cam (?:dung|su dung|quang cao|dua)|khong cho phep|"
    r"khong (?:duoc\s+)?chap nhan|loai bo|vi pham|quy dinh|nghi dinh|thong tu|du thao|luat quang cao|"
    r"huong dan (?:cua|ve)|bi xu phat|bi phat|dau hieu|thoi phong|sai su that|gay hieu nham|khong hop le|"
    r"tranh dung|phai tranh|han che dung"
)
# round 20 — a viewer asking whether an ad's claim is true: "Mọi người cho em hỏi, viên uống X trên
# TikTok quảng cáo hết thoái hóa sau 7 ngày có thật không ạ?" (the question sentence, from the ad word
# on; a seller's own FAQ — "Nhiều chị hỏi kem có trị nám thật không? Có ạ!" — names no ad and asks no one)
ASKED = r"quang cao|qc"
ASK = (r"cho (?:em|e|minh|toi|to|tui|chau) hoi|moi nguoi oi|co ai (?:biet|dung|mua|uong|xai)|"
       r"ai (?:da|tung) (?:dung|mua|uong|xai)|ai biet")
_DOUBT_Q = regex.compile(
    r"(?<![\p{L}\p{N}])(?:co\s+)?(?:that|dung|chuan|hieu qua|tac dung)\s+(?:khong|ko|k|hong|hok|ha)"
    r"(?:\s+(?:a|vay|nhi|nhe|ta|the|ha|ah|z))*\s*\?")

# a comparison makes "không có X nào …" an ad's boast ("không có kem nào tốt bằng …")
_COMPARATIVE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:hon|bang|sanh|vuot|qua duoc|nhu (?:san pham|kem|vien|loai|cua|ben|shop|nha)"
    r"(?:\s+(?:nay|minh|em)))(?![\p{L}\p{N}])")

# where a clause turns to something else: after a comma (or a space for the first group)
_TURN = (r"(?:,|\s-|\s–)\s*(?:nhung|ma|con|hay|chi co|chi nen|rieng|thay vao do|vi vay|vay nen|nen|"
         r"thi|minh|em|shop|ben minh|ben em|nha minh|chung toi|cty|cong ty minh|san pham (?:nay|cua)|"
         r"hang (?:nay|cua)|inbox|ib|lien he|dat hang|mua ngay|link)(?![\p{L}\p{N}])"
         r"|\s(?:nhung|thay vao do)\s"
         # the speaker's own product after a comma: "…, kem X của mình mới …"
         r"|,\s*(?:[^\s,.;:!?]+\s+){0,4}?(?:cua|ben|nha)\s+(?:minh|em|shop|chung toi|toi|tui)"
         r"(?![\p{L}\p{N}])")

_B = r"(?<![\p{L}\p{N}])(?:"
_E = r")(?![\p{L}\p{N}])"
_AUTHORITY_RX = regex.compile(_B + AUTHORITY + _E)
_APPROVED_RX = regex.compile(_APPROVED_BY)
_CUE_RX = regex.compile(_B + WARNING_CUE + _E)
_SANCTION_RX = regex.compile(_B + SANCTION + _E)
# what a sanction is for: an ad, a sale, a post
_SANCTIONED_RX = regex.compile(
    _B + r"quang cao|qc|vi|do|noi dung|hanh vi|ban|kinh doanh|san xuat|livestream|dang tai|dang bai|"
    r"video|bai viet|bai dang|clip|tu xung|gia mao|mao danh|trang|page|kenh|tai khoan|co so|cong ty|nha thuoc"
    r"|san pham|hang|thuoc|my pham|thuc pham|vien uong" + _E)
_WARNING_RX = regex.compile(_B + r"(?:" + WARNING + r")(?!" + _COUNTERFEIT + r")" + _E)
_WIDE_OBJECT_RX = regex.compile(_B + WIDE_OBJECT + _E)
_NARROW_OBJECT_RX = regex.compile(_B + NARROW_OBJECT + _E)
_TURN_RX = regex.compile(_TURN)
_MENTION_RX = regex.compile(_B + MENTION + r")")  # (may end before a quote mark)
_PROHIBITION_RX = regex.compile(_B + PROHIBITION + _E)
_ASKED_RX = regex.compile(_B + ASKED + _E)
_ASK_RX = regex.compile(_B + ASK + _E)
# a sentence ends at . ! ? … followed by a space or the end, or at a line break
_SENTENCE_END = regex.compile(r"[.!?…]+(?=\s|$)|\n")
_CLAUSE_END = regex.compile(r"[;\n]|[.!?…]+(?=\s|$)")
_COMMA_END = regex.compile(r"[;\n]|[.!?…]+(?=\s|$)|,(?!\s*[\"“«‘'])")  # (not before a quoted item)
# quoted segments of the stored text (the marks included)
_QUOTE = regex.compile(
    r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|«[^»\n]{1,300}»|‘[^’\n]{1,300}’|„[^“”\n]{1,300}[“”]"
    r"|(?<![\p{L}\p{N}])'[^'\n]{1,200}'(?![\p{L}\p{N}])")

for _p in (_AUTHORITY_RX, _SANCTION_RX, _WARNING_RX, _WIDE_OBJECT_RX, _NARROW_OBJECT_RX, _MENTION_RX,
           _ASK_RX):
    T.register_prefilter(_p)

# a region needs a match of one of these: one prefilter test per text rules them all out
GATE = T.PatternGate({"folded": [_AUTHORITY_RX, _SANCTION_RX, _WARNING_RX, _WIDE_OBJECT_RX,
                                 _NARROW_OBJECT_RX, _MENTION_RX, _ASK_RX]})


# --------------------------------------------------------------------------- regions


def reported_spans(text: str) -> list[Span]:
    """Sorted, merged ``(start, end)`` regions of ``text`` that are reported or warned-about
    speech (see the module docstring); ``[]`` at once when no marker can be present."""
    if not text or not GATE.may_match(text):
        return []
    return _cached(text)


def inside(span: Span, regions: list[Span]) -> bool:
    """Does ``span`` lie wholly inside one of the merged, sorted ``regions``?"""
    i = bisect.bisect_right(regions, (span[0], float("inf"))) - 1
    return i >= 0 and regions[i][1] >= span[1]


def _find(pattern: regex.Pattern, folded: str, pos: int = 0, endpos: int | None = None):
    endpos = len(folded) if endpos is None else endpos
    return pattern.finditer(folded, pos, endpos, timeout=T.REGEX_TIMEOUT)


def _in_quote(pos: int, quotes: list[Span]) -> bool:
    """Is ``pos`` strictly inside one of the sorted, disjoint ``quotes``?"""
    i = bisect.bisect_left(quotes, (pos, pos)) - 1
    return i >= 0 and quotes[i][0] < pos < quotes[i][1]


def _sentences(text: str, quotes: list[Span]) -> list[Span]:
    """Sentence spans covering ``text``; an end mark inside a quote does not end the sentence."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text, timeout=T.REGEX_TIMEOUT):
        if quotes and _in_quote(m.start(), quotes):
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out


def _clause_end(folded: str, start: int, limit: int, quotes: list[Span], ends: regex.Pattern | None) -> int:
    """Where the clause that runs from ``start`` ends (at most ``limit``, the sentence end): a
    turn to something else, or a match of ``ends``; never inside a quote."""
    end = limit
    for rx in (_TURN_RX,) if ends is None else (_TURN_RX, ends):
        for m in _find(rx, folded, start, end):
            if quotes and _in_quote(m.start(), quotes):
                continue
            end = min(end, m.start())
            break
    return end


def _matches(pattern: regex.Pattern, folded: str) -> list:
    if not T.may_match(pattern, folded):
        return []  # the shared prefilter: no match anywhere
    return list(_find(pattern, folded))


def _regions(text: str) -> list[Span]:
    folded = T.fold(text)
    # each pattern runs once over the whole text; the sentences are cut only if one matched
    found = {name: _matches(rx, folded) for name, rx in (
        ("authority", _AUTHORITY_RX), ("sanction", _SANCTION_RX), ("wide", _WIDE_OBJECT_RX),
        ("narrow", _NARROW_OBJECT_RX), ("warning", _WARNING_RX), ("mention", _MENTION_RX),
        ("ask", _ASK_RX))}
    if not any(found.values()):
        return []
    quotes = [m.span() for m in _QUOTE.finditer(text, timeout=T.REGEX_TIMEOUT)]
    sentences = _sentences(text, quotes)
    starts = [s for s, _ in sentences]

    def in_sentence(matches: list) -> dict[int, list]:
        by: dict[int, list] = {}
        for m in matches:
            i = bisect.bisect_right(starts, m.start()) - 1
            if m.end() <= sentences[i][1]:  # (a match across a sentence end counts for none)
                by.setdefault(i, []).append(m)
        return by

    per = {name: in_sentence(ms) for name, ms in found.items()}
    regions: list[Span] = []
    quoted_from: list[Span] = []  # quotes starting in one of these are reported

    for i in sorted(set().union(*per.values())):
        s, e = sentences[i]
        strong = False
        # an authority acting on something: "Sở Y tế … xử phạt", "Cục ATTP cảnh báo: …"
        for a in per["authority"].get(i, ()):
            verb = _authority_act(text, folded, a, s, e)
            if verb is not None:
                strong = True
                regions.append((verb, _clause_end(folded, verb, e, quotes, None)))
                break
        # a sanction of an ad, a sale, a post: "bị xử phạt vì quảng cáo …"
        for m in per["sanction"].get(i, ()):
            end = _clause_end(folded, m.start(), e, quotes, None)
            if _SANCTIONED_RX.search(folded, m.end(), end):
                strong = True
                regions.append((m.start(), end))
                break
        warned = bool(per["warning"].get(i))
        for name, ends in (("wide", _CLAUSE_END), ("narrow", _COMMA_END)):
            for m in per[name].get(i, ()):
                if name == "narrow" and _not_dung(text, m.start()):
                    continue  # "dùng đúng bài thuốc …" folds like "đừng dùng bài thuốc …"
                warned = True
                end = _clause_end(folded, m.end(), e, quotes, ends)
                if name == "narrow" and m.group("none") and _COMPARATIVE.search(folded, m.start(), end):
                    continue  # "không có kem nào tốt bằng …": a boast
                regions.append((m.start(), end))
        # wording mentioned in a sentence that forbids or regulates it: "không được sử dụng các cụm
        # từ như '…', '…'" (the list runs to the end of the clause, commas included)
        mentions = per["mention"].get(i, ())
        if mentions and _PROHIBITION_RX.search(folded, s, e, timeout=T.REGEX_TIMEOUT):
            warned = True
            for m in mentions:
                regions.append((m.start(), _clause_end(folded, m.end(), e, quotes, _CLAUSE_END)))
        if strong:  # the quotes of the rest of the paragraph
            nl = text.find("\n", s)
            quoted_from.append((s, len(text) if nl < 0 else nl))
        elif warned:
            quoted_from.append((s, e))
    for qs, qe in quotes:
        if any(a <= qs < b for a, b in quoted_from):
            regions.append((qs, qe))
    if found["ask"]:  # someone asks others: an ad's claim they question is reported
        regions.extend(_questioned(folded, sentences))
    return T.merge_spans(r for r in regions if r[1] > r[0])


def _questioned(folded: str, sentences: list[Span]) -> list[Span]:
    """In a text where someone asks others (``ASK``), each question sentence that doubts what an
    ad says ("… quảng cáo hết thoái hóa sau 7 ngày có thật không ạ?"): from the ad word on."""
    out = []
    for s, e in sentences:
        q = _DOUBT_Q.search(folded, s, e, timeout=T.REGEX_TIMEOUT)
        ad = q and _ASKED_RX.search(folded, s, q.start(), timeout=T.REGEX_TIMEOUT)
        if ad:
            out.append((ad.start(), e))
    return out


# the verb of an authority's act, up to six words after its name ("Sở Y tế TP.HCM", "Thanh tra
# Sở Y tế Hà Nội", "Cục ATTP (Bộ Y tế) vừa")
_ACT_AFTER = regex.compile(
    r"(?:(?:[^\s!?;.,]|\.(?=\S))*\s+){0,6}?"
    r"(?:(?:da|vua|moi|tiep tuc|se|cung|dong thoi|nhieu lan|lien tiep)\s+)*"
    r"(?P<verb>(?:" + ACTS + r")|(?P<speech>" + SPEECH + r"))(?![\p{L}\p{N}])")
# words that may stand between an authority and its act besides names, numbers and dates
_BETWEEN_OK = frozenset(
    "da vua moi day hom qua nay sang chieu toi ngay thang nam tuan tinh thanh pho tp quan huyen xa "
    "phuong tai tren toan quoc cung dong loat lien tiep tiep tuc se cua thuoc va voi".split())
# approval verbs: "Bộ Y tế Nhật Bản chứng nhận máy phát hiện …" is an ad's boast
_APPROVAL = regex.compile(
    _B + r"chung nhan|cap phep|cong nhan|khuyen dung|kiem dinh|cap so|tin dung|xac nhan|cho phep|"
    r"phe duyet|dang ky|cap giay|kiem nghiem|tin tuong|danh gia cao|khen" + _E)
_TOKEN = regex.compile(r"\S+")


def _authority_act(text: str, folded: str, a, s: int, e: int) -> int | None:
    """Start of the act of the authority matched by ``a`` in the sentence ``[s, e)``, if the
    sentence has the authority act on something (not approve it)."""
    if _APPROVED_RX.search(folded, max(s, a.start() - 30), a.start()):
        return None  # named approvingly: "được Bộ Y tế cấp phép"
    act = _ACT_AFTER.match(folded, a.end(), e, timeout=T.REGEX_TIMEOUT)
    if act is None:
        return None
    verb = act.start("verb")
    if _APPROVAL.search(folded, a.end(), verb):
        return None
    # between the name and the verb: names (capitalised), numbers, dates, other authorities,
    # a few function words — or at most two other words (text typed in lower case)
    others = 0
    for t in _TOKEN.finditer(text, a.end(), verb):
        word = t.group().strip("():,-–")
        if not word or word[0].isupper() or any(c.isdigit() for c in word):
            continue
        if T.fold(word) in _BETWEEN_OK or _AUTHORITY_RX.match(folded, t.start()):
            continue
        others += 1
    if others > 2:
        return None
    if act.group("speech") and not _CUE_RX.search(folded, verb, e):
        return None
    return verb


def _not_dung(text: str, start: int) -> bool:
    """Does the folded "dung" at ``start`` stand for "dùng"/"đúng"/"dũng", not "đừng"? (Written
    with diacritics the word is known; typed without them it stays a possible "đừng".)"""
    word = text[start:start + 4].lower()
    return T.fold(word) == "dung" and word not in ("đừng", "dung")


_cached = T.two_level_cache(_regions)
