"""The cast: creators with names, handles, provinces, niches, tiers, behaviours and accounts."""

from __future__ import annotations

import math
import random
import string
from dataclasses import dataclass, field

from tinnhiem.sample.banks import bank, fill, strip_diacritics

BEHAVIOURS: tuple[str, ...] = (
    "honest",
    "undisclosed_ads",
    "illegal_claims",
    "banned_products",
    "bought_followers",
    "angry_audience",
)
VIOLATIONS = BEHAVIOURS[1:]
TIERS: dict[str, tuple[int, int]] = {
    "nano": (1_500, 9_900),
    "micro": (10_000, 99_000),
    "mid": (100_000, 499_000),
    "macro": (500_000, 990_000),
    "mega": (1_000_000, 6_500_000),
}
TIER_CYCLE = ("micro", "nano", "mid", "mega", "macro", "micro", "nano", "mid", "macro", "micro")
PLATFORM_WEIGHTS = {"tiktok": 0.38, "facebook": 0.27, "youtube": 0.2, "instagram": 0.15}
BANNED_THEME_NICHES = {
    "vape": ["đời sống", "game", "công nghệ"],
    "heated": ["đời sống", "công nghệ"],
    "whisky": ["ẩm thực", "đời sống"],
    "vodka": ["ẩm thực", "đời sống", "du lịch"],
    "ruou_que": ["nông nghiệp", "ẩm thực"],
    "formula": ["mẹ và bé"],
    "antibiotic": ["sức khỏe", "đời sống"],
    "slim_drug": ["làm đẹp", "thể hình"],
    "betting": ["game", "tài chính cá nhân", "đời sống"],
}
CLAIM_NICHES = ["làm đẹp", "sức khỏe", "mẹ và bé", "thể hình", "nông nghiệp", "đời sống", "ẩm thực"]
ANGRY_NICHES = ["làm đẹp", "thời trang", "mẹ và bé", "công nghệ", "đời sống", "ẩm thực"]


@dataclass
class Account:
    platform: str
    platform_id: str
    handle: str
    url: str
    followers: int  # at the end of the window (latest snapshot)
    real_followers: int  # followers that are people (< followers for bought accounts)
    main: bool
    verified: bool
    bio: str


@dataclass
class Creator:
    id: str
    name: str
    gender: str
    niche: str
    labels: list[str]
    province: str
    old_place: str
    behaviours: list[str]
    tier: str
    banned_theme: str | None
    accounts: list[Account] = field(default_factory=list)
    teencode: float = 0.0
    plain_rate: float = 0.2  # share of captions typed without diacritics
    emoji_rate: float = 0.5
    code: str = ""

    @property
    def main(self) -> Account:
        return self.accounts[0]


class IdMaker:
    """Realistic, unique platform ids drawn from a seeded generator."""

    _ALNUM = string.ascii_letters + string.digits
    _YT = _ALNUM + "-_"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _unique(self, make) -> str:  # type: ignore[no-untyped-def]
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def digits(self, n: int, first: str = "") -> str:
        rest = n - len(first)
        return self._unique(lambda: first + "".join(self.rng.choice(string.digits) for _ in range(rest)))

    def chars(self, n: int, alphabet: str | None = None, prefix: str = "") -> str:
        alphabet = alphabet or self._ALNUM
        return self._unique(lambda: prefix + "".join(self.rng.choice(alphabet) for _ in range(n)))

    def account_id(self, platform: str) -> str:
        if platform == "tiktok":
            return self.digits(19, self.rng.choice(["67", "68", "69", "70", "71"]))
        if platform == "youtube":
            return self.chars(22, self._YT, "UC")
        if platform == "facebook":
            return self.digits(15, "1000")
        return self.digits(self.rng.choice([10, 11]), self.rng.choice(["4", "5", "6"]))

    def post_id(self, platform: str, account_id: str) -> str:
        if platform == "tiktok":
            return self.digits(19, self.rng.choice(["74", "75"]))
        if platform == "youtube":
            return self.chars(11, self._YT)
        if platform == "facebook":
            return self._unique(lambda: f"{account_id}_{self.rng.randint(10**15, 10**16 - 1)}")
        return self.chars(11, self._YT, "")

    def comment_id(self, platform: str, post_id: str) -> str:
        if platform == "tiktok":
            return self.digits(19, "75")
        if platform == "youtube":
            return self.chars(22, self._YT, "Ugz") + "AaABAg"
        if platform == "facebook":
            return self._unique(lambda: f"{post_id.split('_')[-1]}_{self.rng.randint(10**14, 10**15 - 1)}")
        return self.digits(17, "18")


def assign_behaviours(n: int, rng: random.Random) -> list[list[str]]:
    """~40% honest; the rest spread evenly over the violation groups; ~1 in 6 gets a second one."""
    n_honest = round(n * 0.4)
    groups = list(VIOLATIONS)
    rng.shuffle(groups)
    plan = [["honest"] for _ in range(n_honest)]
    plan += [[groups[i % len(groups)]] for i in range(n - n_honest)]
    bad = [p for p in plan if p[0] != "honest"]
    for p in rng.sample(bad, k=max(1, len(bad) // 6)) if bad else []:
        p.append(rng.choice([g for g in VIOLATIONS if g != p[0]]))
    rng.shuffle(plan)
    return plan


def assign_tiers(plan: list[list[str]], rng: random.Random) -> list[str]:
    """Cycle tiers inside each primary group so every group spans nano..mega."""
    offsets = {b: rng.randrange(len(TIER_CYCLE)) for b in BEHAVIOURS}
    seen: dict[str, int] = {}
    tiers = []
    for behaviours in plan:
        k = seen.get(behaviours[0], 0)
        seen[behaviours[0]] = k + 1
        tiers.append(TIER_CYCLE[(offsets[behaviours[0]] + k) % len(TIER_CYCLE)])
    return tiers


def _log_uniform(lo: int, hi: int, rng: random.Random) -> int:
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _handle(creator_given: str, family: str, niche: str, rng: random.Random) -> str:
    given = strip_diacritics(creator_given).lower().replace(" ", "")
    fam = strip_diacritics(family).lower()
    suffix = rng.choice(bank("people")["handle_suffix"][niche])
    style = rng.randrange(6)
    if style == 0:
        return f"{given}.{suffix}"
    if style == 1:
        return f"{given}{fam[0]}_{suffix}"
    if style == 2:
        return f"{fam}{given}{rng.randint(88, 99) if rng.random() < 0.5 else ''}"
    if style == 3:
        return f"{suffix}.cung.{given}"
    if style == 4:
        return f"{given}_{fam}.{suffix}"
    return f"{given}{suffix}{rng.randint(1, 9)}"


def _name(rng: random.Random) -> tuple[str, str, str, str]:
    people = bank("people")
    gender = "f" if rng.random() < 0.58 else "m"
    family = rng.choice(people["families"])
    middle = rng.choice(people[f"middle_{gender}"])
    given = rng.choice(people[f"given_{gender}"])
    return gender, family, f"{family} {middle} {given}", given


def _display_name(gender: str, family: str, full: str, given: str, province: str, niche: str,
                  rng: random.Random) -> str:
    if rng.random() < 0.45:
        return full
    people = bank("people")
    generic = people["stage_f" if gender == "f" else "stage_m"]
    other = ("Anh ", "Ông ", "Thầy ") if gender == "f" else ("Mẹ ", "Cô ", "Chị ", "Bé ")
    fitting = [x for x in people["stage_niche"][niche] if not x.startswith(other)]
    pattern = rng.choice(fitting if fitting and rng.random() < 0.75 else generic)
    place = province.replace("TP. Hồ Chí Minh", "Sài Gòn")
    return fill(pattern, {"g": given, "f": family, "kid": rng.choice(people["kid_names"]), "place": place})


def _platforms(niche: str, rng: random.Random) -> list[str]:
    names = list(PLATFORM_WEIGHTS)
    weights = list(PLATFORM_WEIGHTS.values())
    if niche in ("công nghệ", "game", "giáo dục", "tài chính cá nhân"):
        weights = [0.3, 0.2, 0.4, 0.1]
    if niche in ("thời trang", "làm đẹp", "du lịch"):
        weights = [0.4, 0.15, 0.1, 0.35]
    if niche in ("nông nghiệp", "mẹ và bé"):
        weights = [0.35, 0.45, 0.15, 0.05]
    main = rng.choices(names, weights)[0]
    out = [main]
    if rng.random() < 0.6:
        out.append(rng.choice([p for p in names if p != main]))
    return out


def _url(platform: str, handle: str, pid: str) -> str:
    return {
        "tiktok": f"https://www.tiktok.com/@{handle}",
        "youtube": f"https://www.youtube.com/channel/{pid}",
        "facebook": f"https://www.facebook.com/profile.php?id={pid}",
        "instagram": f"https://www.instagram.com/{handle}/",
    }[platform]


def _bio(creator: Creator, handle: str, rng: random.Random) -> str:
    people = bank("people")
    line = rng.choice(people["niche_lines"][creator.niche])
    email = f"{handle.replace('_', '.').split('.')[0]}.work@gmail.com"
    return fill(rng.choice(people["bios"]), {
        "niche_line": line, "place": creator.province.replace("TP. ", ""),
        "old_place": creator.old_place, "email": email,
    })


def _niche(behaviours: list[str], theme: str | None, i: int, rng: random.Random) -> str:
    if theme:
        return rng.choice(BANNED_THEME_NICHES[theme])
    if "illegal_claims" in behaviours:
        return rng.choice(CLAIM_NICHES)
    if "angry_audience" in behaviours:
        return rng.choice(ANGRY_NICHES)
    niches = list(bank("niches"))
    return niches[i % len(niches)]


def _add_accounts(creator: Creator, base: str, rng: random.Random, ids: IdMaker) -> None:
    followers = _log_uniform(*TIERS[creator.tier], rng)
    for k, platform in enumerate(_platforms(creator.niche, rng)):
        pid = ids.account_id(platform)
        handle = base if k == 0 or rng.random() < 0.6 else f"{base}.{platform[:2]}"
        size = followers if k == 0 else max(300, int(followers * rng.uniform(0.05, 0.6)))
        bought = "bought_followers" in creator.behaviours and k == 0
        real = int(size / rng.uniform(1.8, 4.0)) if bought else size
        creator.accounts.append(Account(
            platform=platform, platform_id=pid, handle=handle, url=_url(platform, handle, pid),
            followers=size, real_followers=real, main=k == 0,
            verified=size >= 500_000 and rng.random() < 0.7, bio=_bio(creator, handle, rng),
        ))


def build_creators(n: int, rng: random.Random, ids: IdMaker) -> list[Creator]:
    """``n`` creators; the first 34 cover every provincial unit once."""
    people = bank("people")
    provinces = list(people["provinces"])
    plan = assign_behaviours(n, rng)
    tiers = assign_tiers(plan, rng)
    order = provinces[:]
    rng.shuffle(order)
    heavy = ["TP. Hồ Chí Minh", "Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Cần Thơ", "Hải Phòng"]
    themes = list(BANNED_THEME_NICHES)
    rng.shuffle(themes)
    creators: list[Creator] = []
    handles: set[str] = set()
    for i, (behaviours, tier) in enumerate(zip(plan, tiers)):
        province = order[i] if i < len(order) else rng.choice(heavy + provinces)
        theme = themes[i % len(themes)] if "banned_products" in behaviours else None
        niche = _niche(behaviours, theme, i, rng)
        gender, family, full, given = _name(rng)
        labels = list(bank("niches")[niche]["labels"])
        if rng.random() < 0.3:
            labels.append(rng.choice([x for x in bank("niches") if x != niche]))
        olds = people["provinces"][province]
        creator = Creator(
            id=f"kol-{i + 1:04d}",
            name=_display_name(gender, family, full, given, province, niche, rng),
            gender=gender, niche=niche, labels=labels, province=province,
            old_place=rng.choice(olds) if olds else province.replace("TP. ", ""),
            behaviours=behaviours, tier=tier, banned_theme=theme,
            teencode=rng.choice([0.0, 0.1, 0.25, 0.5]), plain_rate=rng.choice([0.1, 0.15, 0.2, 0.3, 0.4]),
            emoji_rate=rng.uniform(0.3, 0.9),
            code="".join(ch for ch in strip_diacritics(given).upper() if ch.isalpha())[:5],
        )
        base = _handle(given, family, niche, rng)
        while base in handles:
            base += str(rng.randint(0, 9))
        handles.add(base)
        _add_accounts(creator, base, rng, ids)
        creators.append(creator)
    return creators
