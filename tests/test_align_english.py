"""Tests for how alignment reads English: scoring words (stems; function words and numbers out),
titles compared by words, and the English pairings these decide."""

from __future__ import annotations

from compare.align import align
from compare.align.matching import Scorer
from compare.models import Section
from compare.textkit.english import scoring_word
from compare.textkit.headings import terms_similarity, title_similarity, title_terms
from compare.textkit.words import paragraph_terms, section_terms


def sec(path: str, title: str, body: str = "", line: int = 1) -> Section:
    level = path.count("/") + 1
    text = title + ("\n" + body if body else "") if title else body
    return Section(path=path, level=level, title=title, text=text, line=line)


# A wages section, its rewrite in other inflections, and a text of function words about land.
WAGES = ("Wages should be determined by market forces and by the growth of productivity. "
         "Employers who pay wages above productivity growth will lose their competitiveness.")
WAGES_REWRITTEN = ("Wage rises outstripped productivity last year, and employer contributions "
                   "raised costs further. Wage increases determined in the market are the best "
                   "guard of competitiveness.")
LAND = ("It is of the utmost importance that all of the land that we have will be used by those "
        "who can make the best use of it, and that it should be there for them when they need it.")
CONSTRUCTION = ("The construction industry had a good year: contracts for the MRT and for public "
                "housing kept builders busy, and the CIDB trained more skilled workers for the "
                "sites.")
BETS = ("The duty on bets placed with the Singapore Turf Club and Singapore Pools will be raised "
        "from 20% to 25% of the amount staked. Betting is a pastime, and those who bet can afford "
        "to pay more.")
PETROL = ("The duty on petrol will be raised from 50% to 60% of the retail price, so that "
          "motorists who drive more pay more, and congestion on our roads is kept down.")
CARS = ("The registration fee for new cars will rise by 25%. Owners of motor cars, taxis and other "
        "vehicles will also pay a higher annual road tax to restrain car ownership.")
ROAD = ("Road taxes on motor cars and other vehicles go up by 15% this year, to restrain the "
        "growth of car ownership; the registration fee for new cars is left alone.")
ESTATE = ("Estate duty will be abolished for deaths from today: the duty raised little revenue, "
          "and families who inherit a home or a business should not have to sell it.")
CARE = ("Hospitals and polyclinics will get new wards, nurses and doctors; the elderly sick will "
        "pay lower fees. Ports and airports expand: container terminals, runways and cargo sheds "
        "rise at Changi and Pasir Panjang.")
CLOSING = ("To conclude, education and training remain the cornerstone of our strategy: more "
           "graduates from the university and the polytechnics will join the workforce each year.")


class TestScoringWord:
    def test_inflections_share_a_stem(self) -> None:
        """Plural, -ing and -ment forms of one word are scored as one."""
        assert scoring_word("taxes") == scoring_word("tax")
        assert scoring_word("investing") == scoring_word("investment") == scoring_word("invest")
        assert scoring_word("duties") == scoring_word("duty")

    def test_function_words_numbers_and_letters_dropped(self) -> None:
        """Function words, words with a digit and single letters carry no topic."""
        for word in ("the", "of", "will", "our", "1985", "1st", "fy06", "s"):
            assert scoring_word(word) is None, word


class TestSectionTerms:
    def test_english_text(self) -> None:
        """An English section is scored on the stems of its content words only."""
        terms = section_terms("The taxes on 3 cars in 1985, and the tax on a car.")
        assert dict(terms) == {"tax": 2, "car": 2}

    def test_chinese_words_kept(self) -> None:
        """Chinese words are scored as rjieba cuts them, digits alone left out, Latin folded."""
        terms = section_terms("2019年GDP增长6.6%，加强执法监督。")
        assert {"gdp", "增长", "加强", "执法监督"} <= set(terms)
        assert not any(t.isdigit() for t in terms)


class TestParagraphTerms:
    def test_english_paragraph(self) -> None:
        """A paragraph's Latin words take their scoring form, as a section's do."""
        text = "The Government's start-up schemes and the scheme for 2 start-ups."
        assert dict(paragraph_terms(text)) == dict(section_terms(text))
        assert paragraph_terms(text)["scheme"] == 2

    def test_chinese_paragraph(self) -> None:
        """Chinese words of two or more characters are kept as cut; one character is not."""
        terms = paragraph_terms("加强执法监督和法治建设")
        assert "执法监督" in terms and "和" not in terms


class TestTitleTerms:
    def test_years_ordinals_and_function_words_masked(self) -> None:
        """Two English titles that differ in year, ordinal, case and function words are equal."""
        assert title_terms("THE ECONOMY IN 1983") == title_terms("The Economy in 1980-84")
        assert title_terms("PART II - Taxes") == ("tax",)

    def test_chinese_titles_compare_by_characters(self) -> None:
        """A title with CJK text has no word terms: it keeps the character measure."""
        assert title_terms("一、2018年工作回顾") is None

    def test_shared_letters_are_not_shared_words(self) -> None:
        """Titles that share letters but no word score 0 by words, far from the letter score."""
        assert title_similarity("CONSTRUCTION", "Conclusion") > 0.6
        build, end = title_terms("CONSTRUCTION"), title_terms("Conclusion")
        bets, petrol = title_terms("Duty on Bets"), title_terms("Duty on Petrol")
        assert build and end and bets and petrol
        assert terms_similarity(build, end) == 0.0
        assert terms_similarity(bets, petrol) == 0.5


class TestEnglishScorer:
    def test_topic_words_beat_function_words(self) -> None:
        """A rewrite in other inflections scores above a text that shares only function words."""
        scorer = Scorer([sec("1", "", WAGES)], [sec("1", "", LAND), sec("2", "", WAGES_REWRITTEN)])
        assert scorer.body(0, 1) > 2 * scorer.body(0, 0)

    def test_title_score_by_words(self) -> None:
        """Two English titles are scored by their words, a Chinese pair by its characters."""
        scorer = Scorer(
            [sec("1", "CONSTRUCTION", CONSTRUCTION), sec("2", "一、工作回顾", "")],
            [sec("1", "Conclusion", CLOSING), sec("2", "一、工作回顾", "")],
        )
        assert scorer.title_score(0, 0) == 0.0
        assert scorer.title_score(1, 1) == scorer.title(1, 1) == 1.0


class TestEnglishAlign:
    def test_untitled_sections_pair_by_topic(self) -> None:
        """An untitled section pairs with its rewrite, not with a text of function words."""
        old = [sec("1", "", WAGES)]
        new = [sec("1", "", LAND), sec("2", "", WAGES_REWRITTEN)]
        got = {(p.status, p.new.text[:4] if p.new else None) for p in align(old, new)}
        assert got == {("added", "It i"), ("changed", "Wage")}

    def test_titles_alike_in_letters_only_not_paired(self) -> None:
        """CONSTRUCTION and Conclusion, one about builders and one about schools, stay apart."""
        old = [sec("1", "CONSTRUCTION", CONSTRUCTION)]
        new = [sec("1", "Conclusion", CLOSING)]
        assert sorted(p.status for p in align(old, new)) == ["added", "removed"]

    def test_shared_title_word_does_not_carry_a_move(self) -> None:
        """Two tax measures out of order that share only the word "duty" are not a move."""
        head = [sec("1", "Section III", "Revenue and tax changes."),
                sec("1/1", "TAX INCREASES", "I now turn to tax increases.")]
        old = [*head, sec("1/1/1", "Duty on Bets", BETS),
               sec("1/1/2", "Duties on Motor Cars", CARS)]
        new = [*head, sec("1/1/1", "Road Taxes on Motor Vehicles", ROAD),
               sec("1/1/2", "Duty on Petrol", PETROL)]
        got = [(p.status, p.old and p.old.title, p.new and p.new.title) for p in align(old, new)]
        assert ("removed", "Duty on Bets", None) in got
        assert ("added", None, "Duty on Petrol") in got
        assert ("renamed", "Duties on Motor Cars", "Road Taxes on Motor Vehicles") in got

    def test_title_echo_is_no_split(self) -> None:
        """A new section sharing only a title word with a matched old one ("Budget Position" /
        "Fiscal Position") is added, not split from it: its body shares too little."""
        old = [sec("1", "Tax Changes", f"{PETROL} {CARS}"), sec("2", "Budget Position", CLOSING)]
        new = [
            sec("1", "Tax Changes", f"{PETROL} {ROAD}"),
            sec("2", "Budget Position", CLOSING),
            sec("3", "Fiscal Position", CONSTRUCTION),
        ]
        got = [(p.status, p.new.title if p.new else None) for p in align(old, new)]
        assert got[1:] == [("unchanged", "Budget Position"), ("added", "Fiscal Position")]

    def test_title_word_does_not_carry_an_ordered_pair(self) -> None:
        """Two measures in the same place that share only the word "duty" (bodies about bets and
        estates) are not paired in order: removed and added."""
        old = [sec("1", "Taxes"), sec("1/1", "Tax Changes", PETROL),
               sec("1/1/1", "Duty on Bets", BETS)]
        new = [sec("1", "Taxes"), sec("1/1", "Tax Changes", PETROL),
               sec("1/1/1", "Estate Duty", ESTATE)]
        got = [(p.status, p.old.title if p.old else None, p.new.title if p.new else None)
               for p in align(old, new)]
        assert got[2:] == [("removed", "Duty on Bets", None), ("added", None, "Estate Duty")]

    def test_words_scattered_in_a_large_part_are_no_merge(self) -> None:
        """A short section whose few words all occur somewhere in a large part of the other year
        (containment 1.0, bodies 0.11) is removed, not merged into it."""
        big = " ".join([WAGES, LAND, CONSTRUCTION, BETS, PETROL, CARS, CLOSING, ESTATE, CARE])
        old = [sec("1", "Economy", big),
               sec("2", "Motorists", "Motorists and builders, and the Turf Club.")]
        new = [sec("1", "Economy", f"{big} {ROAD}")]
        got = [(p.status, p.old.title if p.old else None) for p in align(old, new)]
        assert got == [("changed", "Economy"), ("removed", "Motorists")]

    def test_sub_section_of_its_own_parts_text_is_not_split_from_elsewhere(self) -> None:
        """A new sub-section that reads best as its parent's counterpart (the estate paragraph of
        the conclusion) is not split from another large part that also mentions estates."""
        econ = " ".join([WAGES, LAND, CONSTRUCTION, BETS, PETROL, CARS, ESTATE])
        old = [sec("1", "Economy", econ), sec("2", "Conclusion", f"{CLOSING} {ESTATE}")]
        new = [sec("1", "Economy", f"{econ} {ROAD}"), sec("2", "Conclusion", CLOSING),
               sec("2/1", "Estate Position", ESTATE)]
        got = [(p.status, p.old.title if p.old else None, p.new.title if p.new else None)
               for p in align(old, new)]
        assert got == [("changed", "Economy", "Economy"), ("changed", "Conclusion", "Conclusion"),
                       ("added", None, "Estate Position")]
