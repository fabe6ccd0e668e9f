"""Demonyms: the adjective of a country as the texts write it ("the Japanese side", "the Russian
President"), mapped to its ISO 3166-1 alpha-3 code, the ``country`` of the speaker registry.

The one table of the project: a speaker mention "the Chinese side" is ``government-of-chn``
(docs/guidelines.md, section 4), and "the Israeli Prime Minister" is the holder of the registry role
"Prime Minister of Israel". A country whose adjective is its name ("New Zealand") is listed too.
"""

from __future__ import annotations

DEMONYMS = {
    "Afghan": "AFG", "Albanian": "ALB", "Algerian": "DZA", "Angolan": "AGO", "Argentine": "ARG",
    "Argentinian": "ARG", "Armenian": "ARM", "Australian": "AUS", "Austrian": "AUT", "Azerbaijani": "AZE",
    "Bahraini": "BHR", "Bangladeshi": "BGD", "Belarusian": "BLR", "Belgian": "BEL", "Bolivian": "BOL",
    "Bosnian": "BIH", "Brazilian": "BRA", "British": "GBR", "Bulgarian": "BGR", "Cambodian": "KHM",
    "Canadian": "CAN", "Chilean": "CHL", "Chinese": "CHN", "Colombian": "COL", "Croatian": "HRV",
    "Cuban": "CUB", "Cypriot": "CYP", "Czech": "CZE", "Danish": "DNK", "Dutch": "NLD", "Egyptian": "EGY",
    "Emirati": "ARE", "Estonian": "EST", "Ethiopian": "ETH", "Fijian": "FJI", "Finnish": "FIN",
    "French": "FRA", "Georgian": "GEO", "German": "DEU", "Ghanaian": "GHA", "Greek": "GRC",
    "Guatemalan": "GTM", "Honduran": "HND", "Hungarian": "HUN", "Indian": "IND", "Indonesian": "IDN",
    "Iranian": "IRN", "Iraqi": "IRQ", "Irish": "IRL", "Israeli": "ISR", "Italian": "ITA", "Jamaican": "JAM",
    "Japanese": "JPN", "Jordanian": "JOR", "Kazakh": "KAZ", "Kenyan": "KEN", "Korean": "KOR",
    "Kuwaiti": "KWT", "Kyrgyz": "KGZ", "Latvian": "LVA", "Lebanese": "LBN", "Liberian": "LBR",
    "Lithuanian": "LTU", "Malaysian": "MYS", "Mexican": "MEX", "Moldovan": "MDA", "Mongolian": "MNG",
    "Moroccan": "MAR", "Mozambican": "MOZ", "Nigerian": "NGA", "Norwegian": "NOR", "Omani": "OMN",
    "Pakistani": "PAK", "Palestinian": "PSE", "Peruvian": "PER", "Philippine": "PHL", "Filipino": "PHL",
    "Polish": "POL", "Portuguese": "PRT", "Qatari": "QAT", "Romanian": "ROU", "Russian": "RUS",
    "Samoan": "WSM", "Saudi": "SAU", "Serbian": "SRB", "Singaporean": "SGP", "Slovak": "SVK",
    "Slovenian": "SVN", "South African": "ZAF", "South Korean": "KOR", "Spanish": "ESP",
    "Sri Lankan": "LKA", "Swedish": "SWE", "Syrian": "SYR", "Tajik": "TJK", "Thai": "THA",
    "Tunisian": "TUN", "Turkish": "TUR", "Ugandan": "UGA", "Ukrainian": "UKR", "American": "USA",
    "Uruguayan": "URY", "Uzbek": "UZB", "Venezuelan": "VEN", "Vietnamese": "VNM", "Yemeni": "YEM",
    "Zambian": "ZMB", "Zimbabwean": "ZWE", "New Zealand": "NZL",
}
