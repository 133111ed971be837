from tui.core.readability import grade, syllables


def test_syllable_counts_of_common_words():
    assert [syllables(w) for w in ("cat", "table", "relapse", "inflammation", "people")] == [
        1,
        2,
        2,
        4,
        2,
    ]


def test_grade_rises_with_long_words_and_long_sentences():
    easy = grade("The cat sat on the mat. It was happy. We went home.")
    hard = grade(
        "Autologous haematopoietic stem cell transplantation demonstrated considerable "
        "immunological reconstitution in participants with aggressive relapsing disease."
    )
    assert easy < 3 < 12 < hard
    assert grade("") == 0.0
