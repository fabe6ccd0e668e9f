"""The outside-genre tuning set: English news unlike the readouts, for developing ``rules``.

Documents and gold are written here as text; this script finds every span's offsets and writes
``documents.jsonl`` and ``gold.jsonl`` beside it (the shapes of ``tests/data/outside-genre``):

    python tests/data/outside-genre-tuning/build.py

Every name is fictional unless it belongs to a real office named in passing. Gold follows
docs/guidelines.md: contents without the marks and without a sentence-final period, cues the
reporting word with its particle, mentions the noun phrase naming the speaker (with an apposition
that names them: "Moldova's energy minister, Sorin Cebotari"). Turn paragraphs are statements
with no cue, their mention the turn label (T1), continuation paragraphs included. A quoted
sentence that goes on after its attribution ('"A," he said. "B."') is a statement of the same
mention, with no cue. Not marked: questions of journalists (W6), unnamed sources ("officials
said", "two diplomats", "analysts", W6), greetings, announcements of a later act (V7).
A headline that attributes ("Minister: talks will resume", "X says Y") is marked.

A span is its text; a content that occurs twice is given as (text, context), the context a
longer string that occurs once. A cue or mention is the occurrence nearest to the content in
its paragraph, else the nearest before it (as the annotation builder resolves them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (id, title, paragraphs, statements); a statement is (content, cue, mention, type)
DOCUMENTS = [
    ("tuning-01-wire-border", "Finland keeps eastern border closed", [
        "HELSINKI, Feb 12 (Reuters) - Finland will keep its eastern border crossings closed for at least another two "
        "months, Interior Minister Liisa Marttila said on Monday.",
        "\"The situation at the border has not changed,\" Marttila told a news conference in Helsinki. \"We see no "
        "reason to reopen the crossings now.\"",
        "The government says the closures are needed to stop organised crossings by migrants without visas.",
        "Moscow has denied any role in the crossings. Kremlin spokesman Dmitry Peskov said last week that Finland's "
        "decision was \"regrettable\" and based on \"unfounded claims\".",
        "Finland closed the 1,340-km border in December after about 1,300 asylum seekers arrived within weeks.",
    ], [
        ("Finland will keep its eastern border crossings closed for at least another two months", "said",
         "Interior Minister Liisa Marttila", "indirect"),
        ("The situation at the border has not changed", "told", "Marttila", "direct"),
        ("We see no reason to reopen the crossings now", None, "Marttila", "direct"),
        ("the closures are needed to stop organised crossings by migrants without visas", "says", "The government",
         "indirect"),
        ("any role in the crossings", "denied", "Moscow", "indirect"),
        ("Finland's decision was \"regrettable\" and based on \"unfounded claims\"", "said",
         "Kremlin spokesman Dmitry Peskov", "mixed"),
    ]),
    ("tuning-02-wire-grid", "Ukraine, Moldova sign energy accord", [
        "KYIV, May 3 (AP) — Ukraine and Moldova signed an agreement on Friday to link their electricity grids more "
        "closely, officials said.",
        "“This is a day our two countries have waited for,” said Moldova’s energy minister, Sorin Cebotari. “Our "
        "citizens will feel the difference this winter.”",
        "“We are stronger together,” Ukrainian Energy Minister Oksana Hrytsenko said, “and Russia’s attacks on our "
        "power plants will not break us.”",
        "Hrytsenko added that the first new line would be ready by October.",
        "A spokesperson for the European Commission said the agreement was “an important step for the energy "
        "security of the region”.",
    ], [
        ("This is a day our two countries have waited for", "said", "Moldova’s energy minister, Sorin Cebotari",
         "direct"),
        ("Our citizens will feel the difference this winter", None, "Moldova’s energy minister, Sorin Cebotari",
         "direct"),
        ("We are stronger together", "said", "Ukrainian Energy Minister Oksana Hrytsenko", "direct"),
        ("and Russia’s attacks on our power plants will not break us", "said",
         "Ukrainian Energy Minister Oksana Hrytsenko", "direct"),
        ("the first new line would be ready by October", "added", "Hrytsenko", "indirect"),
        ("the agreement was “an important step for the energy security of the region”", "said",
         "A spokesperson for the European Commission", "mixed"),
    ]),
    ("tuning-03-wire-prisoners", "Talks on prisoner exchange stall", [
        "GENEVA (AFP) - Talks on a prisoner exchange between Armenia and Azerbaijan have stalled, according to two "
        "diplomats briefed on the negotiations.",
        "Armenian Foreign Minister Karen Sahakyan told reporters in Geneva that his country was ready to hand over "
        "all remaining detainees. “The ball is in Baku’s court,” he said.",
        "According to the Azerbaijani foreign ministry, the Armenian side has not provided a full list of the missing.",
        "The next round is expected in March, according to a statement from the Swiss mediators.",
    ], [
        ("his country was ready to hand over all remaining detainees", "told", "Armenian Foreign Minister Karen Sahakyan",
         "indirect"),
        ("The ball is in Baku’s court", "said", "he", "direct"),
        ("the Armenian side has not provided a full list of the missing", "According to",
         "the Azerbaijani foreign ministry", "indirect"),
        ("The next round is expected in March", "according to", "the Swiss mediators", "indirect"),
    ]),
    ("tuning-04-press-conference", "Press conference of the Foreign Minister, Wellington", [
        "FOREIGN MINISTER HALE: Good afternoon, everyone.",
        "I have just come from a very productive meeting with my Fijian counterpart. We agreed that our officials "
        "will meet again in June to finish the maritime boundary talks.",
        "QUESTION: Minister, did you raise the fisheries dispute?",
        "FOREIGN MINISTER HALE: We did. I made it clear that New Zealand expects the 2019 catch limits to be "
        "respected by every fishing fleet in the region.",
        "QUESTION: Will you travel to Suva this year?",
        "FOREIGN MINISTER HALE: I hope to, yes. Nothing has been decided.",
        "Thank you.",
    ], [
        ("I have just come from a very productive meeting with my Fijian counterpart. We agreed that our officials "
         "will meet again in June to finish the maritime boundary talks", None, "FOREIGN MINISTER HALE", "direct"),
        ("We did. I made it clear that New Zealand expects the 2019 catch limits to be respected by every fishing "
         "fleet in the region", None, "FOREIGN MINISTER HALE", "direct"),
        ("I hope to, yes. Nothing has been decided", None, "FOREIGN MINISTER HALE", "direct"),
    ]),
    ("tuning-05-interview-patrols", "Interview: Estonia's defence minister on the Baltic air patrol", [
        "The following interview was conducted by Baltic News Network on Tuesday and has been edited for length.",
        "BNN: Minister, how long will the allied jets stay?",
        "Kaarel Tamm: As long as they are needed. The rotation is agreed until the end of next year, and I expect it "
        "to be extended.",
        "BNN: Some in Moscow call the patrols a provocation. Are they?",
        "Kaarel Tamm: That is simply not true. These are defensive flights over our own territory, and every one of "
        "them is announced in advance.",
        "We have nothing to hide.",
    ], [
        ("As long as they are needed. The rotation is agreed until the end of next year, and I expect it to be "
         "extended", None, "Kaarel Tamm", "direct"),
        ("That is simply not true. These are defensive flights over our own territory, and every one of them is "
         "announced in advance", None, "Kaarel Tamm", "direct"),
        ("We have nothing to hide", None, "Kaarel Tamm", "direct"),
    ]),
    ("tuning-06-commons-sudan", "Sudan: humanitarian situation", [
        "The Minister of State for Development (Helen Ashcombe): With permission, Mr Speaker, I will make a "
        "statement on the humanitarian situation in Sudan.",
        "More than eight million people have fled their homes since the fighting began. The United Kingdom has "
        "today committed a further £40 million to the UN appeal, and we will press both warring parties to allow "
        "aid through.",
        "Dr Owen Pryce (Cardiff West) (Lab): I thank the Minister for her statement. Will she say what is being "
        "done to get food into El Fasher?",
        "Helen Ashcombe: The honourable Member is right to raise El Fasher. We are working with the World Food "
        "Programme to open a route from Chad, and I will update the House next week.",
    ], [
        ("More than eight million people have fled their homes since the fighting began. The United Kingdom has "
         "today committed a further £40 million to the UN appeal, and we will press both warring parties to allow "
         "aid through", None, "The Minister of State for Development (Helen Ashcombe)", "direct"),
        ("I thank the Minister for her statement. Will she say what is being done to get food into El Fasher?",
         None, "Dr Owen Pryce (Cardiff West) (Lab)", "direct"),
        ("The honourable Member is right to raise El Fasher. We are working with the World Food Programme to open "
         "a route from Chad, and I will update the House next week", None, "Helen Ashcombe", "direct"),
    ]),
    ("tuning-07-house-trade", "Questions without notice: Trade with Indonesia", [
        "Ms KOVAC (Bass) (14:02): My question is to the Minister for Trade. Can the minister update the House on "
        "the trade agreement with Indonesia?",
        "Mr BRANDT (Fremantle—Minister for Trade) (14:03): I thank the member for Bass for her question. Exports to "
        "Indonesia grew by 12 per cent last year, and the agreement has cut tariffs on 99 per cent of our goods.",
        "Farmers in Tasmania have told me that the beef quota has changed their business.",
    ], [
        ("My question is to the Minister for Trade. Can the minister update the House on the trade agreement with "
         "Indonesia?", None, "Ms KOVAC (Bass) (14:02)", "direct"),
        ("I thank the member for Bass for her question. Exports to Indonesia grew by 12 per cent last year, and the "
         "agreement has cut tariffs on 99 per cent of our goods", None, "Mr BRANDT (Fremantle—Minister for Trade) "
         "(14:03)", "direct"),
        ("Farmers in Tasmania have told me that the beef quota has changed their business", None,
         "Mr BRANDT (Fremantle—Minister for Trade) (14:03)", "direct"),
    ]),
    ("tuning-08-nordic-passive", "Nordic ministers meet in Reykjavik", [
        "REYKJAVIK, Sept 9 - The foreign ministers of the five Nordic countries met in Reykjavik on Thursday for "
        "their annual autumn meeting.",
        "It was stressed that Nordic cooperation on civil preparedness must be deepened in the coming years.",
        "It was also agreed that the ministers would meet again in Oslo in the spring.",
        "The ministers expressed concern about the growing number of cyber attacks on public institutions in the "
        "region.",
        "Iceland’s foreign minister, Sigrún Hallsdóttir, said the meeting had shown “a remarkable unity of purpose”.",
    ], [
        ("Nordic cooperation on civil preparedness must be deepened in the coming years", "stressed", None,
         "indirect"),
        ("the ministers would meet again in Oslo in the spring", "agreed", None, "indirect"),
        ("concern about the growing number of cyber attacks on public institutions in the region", "expressed",
         "The ministers", "indirect"),
        ("the meeting had shown “a remarkable unity of purpose”", "said", "Iceland’s foreign minister, Sigrún "
         "Hallsdóttir", "mixed"),
    ]),
    ("tuning-09-headline-kosovo", "", [
        "Minister: talks with Serbia will resume next month",
        "PRISTINA, Oct 2 - Kosovo’s Foreign Minister Drita Berisha said on Wednesday that EU-mediated talks with "
        "Serbia would resume in Brussels in November.",
        "“We have never left the table,” Berisha said in an interview with a local broadcaster.",
        "Serbian officials did not respond to a request for comment.",
    ], [
        ("talks with Serbia will resume next month", None, "Minister", "direct"),
        ("EU-mediated talks with Serbia would resume in Brussels in November", "said",
         "Kosovo’s Foreign Minister Drita Berisha", "indirect"),
        ("We have never left the table", "said", "Berisha", "direct"),
    ]),
    ("tuning-10-headline-copper", "", [
        "Chilean president warns copper exports will slow",
        "SANTIAGO (Reuters) - Chile’s copper exports will slow this year because of lower demand from China, "
        "President Camila Fuentes warned on Thursday.",
        "Speaking at a mining conference in Antofagasta, Fuentes said the government would not raise royalties "
        "again before 2027.",
        "“Investors need stability, and they will have it,” she said, adding that a new lithium law would be sent "
        "to Congress in March.",
        "Copper accounts for about half of Chile’s exports.",
    ], [
        (("copper exports will slow", "president warns copper exports will slow"), "warns", "Chilean president", "indirect"),
        ("Chile’s copper exports will slow this year because of lower demand from China", "warned",
         "President Camila Fuentes", "indirect"),
        ("the government would not raise royalties again before 2027", "said", "Fuentes", "indirect"),
        ("Investors need stability, and they will have it", "said", "she", "direct"),
        ("a new lithium law would be sent to Congress in March", "adding", "she", "indirect"),
    ]),
    ("tuning-11-nested-aid", "Seoul says Pyongyang rejected aid offer", [
        "SEOUL, June 4 - South Korea’s unification ministry said on Tuesday that North Korea had told the Red Cross "
        "it would not accept flood aid from the South.",
        "Ministry spokeswoman Park Ji-won told a briefing that Seoul had offered food, medicine and building "
        "materials last week. She said the offer remained open.",
        "A senior official, who asked not to be named, said the North had given no reason.",
        "Park said the ministry believed the North was worried that accepting help would look like weakness.",
    ], [
        ("North Korea had told the Red Cross it would not accept flood aid from the South", "said",
         "South Korea’s unification ministry", "indirect"),
        ("Seoul had offered food, medicine and building materials last week", "told",
         "Ministry spokeswoman Park Ji-won", "indirect"),
        ("the offer remained open", "said", "She", "indirect"),
        ("the ministry believed the North was worried that accepting help would look like weakness", "said", "Park",
         "indirect"),
    ]),
    ("tuning-12-wire-imf", "Argentina, IMF close to deal", [
        "BUENOS AIRES, March 18 (Reuters) - Argentina is close to a new agreement with the International Monetary "
        "Fund, Economy Minister Tomás Ferreyra said on Monday, adding that talks could end within weeks.",
        "“We are in the final stretch,” Ferreyra, who returned from Washington on Sunday, told Radio Mitre.",
        "An IMF spokesperson said the fund’s staff had held “constructive discussions” with the Argentine "
        "authorities.",
        "Analysts said the deal would likely include a faster removal of currency controls.",
    ], [
        ("Argentina is close to a new agreement with the International Monetary Fund", "said",
         "Economy Minister Tomás Ferreyra", "indirect"),
        ("talks could end within weeks", "adding", "Economy Minister Tomás Ferreyra", "indirect"),
        ("We are in the final stretch", "told", "Ferreyra", "direct"),
        ("the fund’s staff had held “constructive discussions” with the Argentine authorities", "said",
         "An IMF spokesperson", "mixed"),
    ]),
    ("tuning-13-parliament-frigate", "Dutch parliament backs naval mission", [
        "THE HAGUE - The Dutch parliament on Tuesday backed sending a frigate to the Red Sea, after Defence Minister "
        "Pieter van Dam told lawmakers that shipping in the region faced “an unacceptable threat”.",
        "“Dutch sailors will not take part in any strikes on land,” van Dam said during the debate.",
        "Opposition lawmaker Marloes Jansen argued that the mission had no clear end date, but her motion to limit "
        "it to six months was rejected.",
        "The government said the frigate would sail in February.",
    ], [
        ("shipping in the region faced “an unacceptable threat”", "told", "Defence Minister Pieter van Dam", "mixed"),
        ("Dutch sailors will not take part in any strikes on land", "said", "van Dam", "direct"),
        ("the mission had no clear end date", "argued", "Opposition lawmaker Marloes Jansen", "indirect"),
        ("the frigate would sail in February", "said", "The government", "indirect"),
    ]),
    ("tuning-14-qa-kenya", "Q&A: Kenya's trade envoy on the EU deal", [
        "Kenya’s trade envoy to the European Union, Grace Wanjiru, was interviewed in Brussels.",
        "Q: What changes for Kenyan farmers?",
        "A: Almost everything. Our flowers, tea and avocados now enter the EU without duties or quotas.",
        "Q: Critics say small farmers will not benefit.",
        "A: I understand the concern, but the figures show the opposite. Small growers sold 20 per cent more to "
        "Europe last year.",
    ], [
        ("Almost everything. Our flowers, tea and avocados now enter the EU without duties or quotas", None, "A",
         "direct"),
        ("I understand the concern, but the figures show the opposite. Small growers sold 20 per cent more to Europe "
         "last year", None, "A", "direct"),
    ]),
    ("tuning-15-briefing-mekong", "Regular press briefing of the Foreign Ministry spokesperson", [
        "Spokesperson Lin Wei: Good afternoon. I have two announcements to start with.",
        "At the invitation of the government of Laos, Vice Premier Zhou Ming will attend the Mekong-Lancang "
        "cooperation meeting in Vientiane from 12 to 14 March.",
        "Reuters: There are reports that the meeting will discuss a new railway line. Can you confirm?",
        "Lin Wei: I have no information on that at the moment. What I can tell you is that China is ready to work "
        "with all Mekong countries on connectivity.",
        "AFP: The Philippines says a Chinese vessel blocked its boat near Second Thomas Shoal. What is your response?",
        "Lin Wei: The Philippine vessel entered the waters without permission. The Chinese coast guard took "
        "necessary measures in accordance with the law.",
    ], [
        ("At the invitation of the government of Laos, Vice Premier Zhou Ming will attend the Mekong-Lancang "
         "cooperation meeting in Vientiane from 12 to 14 March", None, "Spokesperson Lin Wei", "direct"),
        ("I have no information on that at the moment. What I can tell you is that China is ready to work with all "
         "Mekong countries on connectivity", None, "Lin Wei", "direct"),
        ("The Philippine vessel entered the waters without permission. The Chinese coast guard took necessary "
         "measures in accordance with the law", None, "Lin Wei", "direct"),
    ]),
    ("tuning-16-wire-expulsion", "Norway expels Russian diplomat", [
        "OSLO, April 8 (Reuters) - Norway has expelled a Russian diplomat for activities “incompatible with his "
        "status”, the Norwegian foreign ministry said in a statement on Monday.",
        "The Russian embassy in Oslo called the decision “a provocation” and said Moscow would respond.",
        "Foreign Minister Jonas Lie told the NTB news agency that the expulsion was “not directed at the Russian "
        "people”.",
        "Norway expelled 15 Russian diplomats in 2023.",
    ], [
        ("Norway has expelled a Russian diplomat for activities “incompatible with his status”", "said",
         "the Norwegian foreign ministry", "mixed"),
        ("the decision “a provocation”", "called", "The Russian embassy in Oslo", "mixed"),
        ("Moscow would respond", "said", "The Russian embassy in Oslo", "indirect"),
        ("the expulsion was “not directed at the Russian people”", "told", "Foreign Minister Jonas Lie", "mixed"),
    ]),
    ("tuning-17-wire-rail", "Poland and Lithuania to build new rail link", [
        "VILNIUS (AP) - Poland and Lithuania will build a second rail link between their capitals by 2030, the two "
        "countries’ prime ministers said at a joint news conference on Friday.",
        "“Rail Baltica is not a dream any more,” Lithuanian Prime Minister Rasa Vaitkutė said. “It is concrete and "
        "steel.”",
        "Her Polish counterpart, Marek Zieliński, said the link would also serve military transport.",
        "Both leaders stressed that the project was open to Latvian and Estonian participation.",
    ], [
        ("Poland and Lithuania will build a second rail link between their capitals by 2030", "said",
         "the two countries’ prime ministers", "indirect"),
        ("Rail Baltica is not a dream any more", "said", "Lithuanian Prime Minister Rasa Vaitkutė", "direct"),
        ("It is concrete and steel", None, "Lithuanian Prime Minister Rasa Vaitkutė", "direct"),
        ("the link would also serve military transport", "said", "Her Polish counterpart, Marek Zieliński",
         "indirect"),
        ("the project was open to Latvian and Estonian participation", "stressed", "Both leaders", "indirect"),
    ]),
    ("tuning-18-interview-neutrality", "Swiss minister defends neutrality", [
        "BERN - Switzerland’s neutrality is “not for sale”, Foreign Minister Beat Imhof said in an interview "
        "published on Sunday.",
        "Asked whether Switzerland would allow the re-export of Swiss-made ammunition to Ukraine, Imhof replied: "
        "“The law does not allow it, and I will not ask parliament to change the law.”",
        "He said Switzerland would continue to host peace talks “whenever both sides want it”.",
        "Imhof told the newspaper: “Neutrality does not mean indifference.”",
    ], [
        ("Switzerland’s neutrality is “not for sale”", "said", "Foreign Minister Beat Imhof", "mixed"),
        ("The law does not allow it, and I will not ask parliament to change the law", "replied", "Imhof", "direct"),
        ("Switzerland would continue to host peace talks “whenever both sides want it”", "said", "He", "mixed"),
        ("Neutrality does not mean indifference", "told", "Imhof", "direct"),
    ]),
    ("tuning-19-agency-appeal", "UN agency urges access to besieged town", [
        "GENEVA, Jan 15 - The UN refugee agency on Monday urged all parties to allow aid convoys into the besieged "
        "town of Kadugli.",
        "“People are running out of food and clean water,” UNHCR spokeswoman Olga Sarrat told reporters in Geneva.",
        "She said about 40,000 people were trapped in the town. The agency called on donors to fund its $120 million "
        "appeal.",
        "The government in Khartoum has said the town is not under siege.",
    ], [
        ("allow aid convoys into the besieged town of Kadugli", "urged", "The UN refugee agency", "indirect"),
        ("People are running out of food and clean water", "told", "UNHCR spokeswoman Olga Sarrat", "direct"),
        ("about 40,000 people were trapped in the town", "said", "She", "indirect"),
        ("fund its $120 million appeal", "called on", "The agency", "indirect"),
        ("the town is not under siege", "said", "The government in Khartoum", "indirect"),
    ]),
    ("tuning-20-diet-defence", "Japanese PM pledges defence spending rise", [
        "TOKYO (Kyodo) - Prime Minister Haruto Sato told parliament on Monday that Japan would raise defence "
        "spending to 2 per cent of GDP by 2027.",
        "“The security environment around our country is the most severe since the war,” Sato said in his policy "
        "speech. He also pledged to resume talks with Beijing on a hotline between the two militaries.",
        "Opposition leader Yumi Kaneda criticised the plan, saying it would mean higher taxes for ordinary families.",
    ], [
        ("Japan would raise defence spending to 2 per cent of GDP by 2027", "told", "Prime Minister Haruto Sato",
         "indirect"),
        ("The security environment around our country is the most severe since the war", "said", "Sato", "direct"),
        ("resume talks with Beijing on a hotline between the two militaries", "pledged", "He", "indirect"),
        ("the plan", "criticised", "Opposition leader Yumi Kaneda", "indirect"),
        ("it would mean higher taxes for ordinary families", "saying", "Opposition leader Yumi Kaneda", "indirect"),
    ]),
    ("tuning-21-headline-shoal", "", [
        "Philippine president says he will not back down in sea dispute",
        "MANILA, July 12 (Reuters) - President Ramon Castillo said on Friday that the Philippines would keep "
        "resupplying its troops at Second Thomas Shoal despite pressure from China.",
        "“We will not be intimidated,” Castillo said in a televised address. “Not one inch of our territory will be "
        "given up.”",
        "In a statement, China’s embassy in Manila said the Philippines should “stop its provocations”.",
    ], [
        ("he will not back down in sea dispute", "says", "Philippine president", "indirect"),
        ("the Philippines would keep resupplying its troops at Second Thomas Shoal despite pressure from China", "said",
         "President Ramon Castillo", "indirect"),
        ("We will not be intimidated", "said", "Castillo", "direct"),
        ("Not one inch of our territory will be given up", None, "Castillo", "direct"),
        ("the Philippines should “stop its provocations”", "said", "China’s embassy in Manila", "mixed"),
    ]),
    ("tuning-22-wire-expulsions", "Britain to expel four diplomats", [
        "LONDON (Reuters) - Britain will expel four diplomats over a spying case, Foreign Secretary Alan Whitcombe "
        "told parliament on Wednesday.",
        "“This behaviour is unacceptable and it will not be tolerated,” Whitcombe said. “We will always act to "
        "protect our democracy.”",
        "“Those who break our laws will face the consequences.”",
        "The embassy was quoted by state media as saying the accusations were “absurd”.",
        "Maria Delgado, 54, said she had seen police vans outside the building all morning.",
        "The Foreign Office stated that no further expulsions were planned.",
    ], [
        ("Britain will expel four diplomats over a spying case", "told", "Foreign Secretary Alan Whitcombe",
         "indirect"),
        ("This behaviour is unacceptable and it will not be tolerated", "said", "Whitcombe", "direct"),
        ("We will always act to protect our democracy", None, "Whitcombe", "direct"),
        ("Those who break our laws will face the consequences", None, "Whitcombe", "direct"),
        ("the accusations were “absurd”", "saying", "The embassy", "mixed"),
        ("she had seen police vans outside the building all morning", "said", "Maria Delgado", "indirect"),
        ("no further expulsions were planned", "stated", "The Foreign Office", "indirect"),
    ]),
    ("tuning-23-radio-exports", "Transcript: radio interview with the Minister for Agriculture", [
        "PRESENTER: Minister, thanks for joining us. Farmers say the new export rules will ruin them. Will you "
        "change course?",
        "MINISTER: Thanks for having me. No, we will not change course. The rules protect the reputation of our "
        "produce, and that benefits every farmer.",
        "PRESENTER: But the farmers' union has called the rules unworkable.",
        "MINISTER: I met the union on Monday and I told them that we would review the paperwork, not the standards.",
        "PRESENTER: Minister, thank you.",
    ], [
        ("Thanks for having me. No, we will not change course. The rules protect the reputation of our produce, and "
         "that benefits every farmer", None, "MINISTER", "direct"),
        ("I met the union on Monday and I told them that we would review the paperwork, not the standards", None,
         "MINISTER", "direct"),
    ]),
    ("tuning-24-feature-pacific", "Pacific leaders seek climate finance", [
        "SUVA, Fiji (AP) — Pacific island leaders say rich nations must do more to pay for the damage caused by "
        "rising seas.",
        "“We are not asking for charity,” says Tuvalu’s prime minister, Eli Tavita. “We are asking for justice.”",
        "Tavita, 61, said his government had already moved a school and a clinic away from the coast.",
        "The Australian government said in a statement that it had committed A$350 million to Pacific climate "
        "projects, and that more would follow.",
        "Some delegates privately questioned whether the money would reach the villages most at risk.",
    ], [
        ("rich nations must do more to pay for the damage caused by rising seas", "say", "Pacific island leaders",
         "indirect"),
        ("We are not asking for charity", "says", "Tuvalu’s prime minister, Eli Tavita", "direct"),
        ("We are asking for justice", None, "Tuvalu’s prime minister, Eli Tavita", "direct"),
        ("his government had already moved a school and a clinic away from the coast", "said", "Tavita", "indirect"),
        ("it had committed A$350 million to Pacific climate projects, and that more would follow", "said",
         "The Australian government", "indirect"),
    ]),
    ("tuning-25-commons-sanctions", "House debate: sanctions bill", [
        "Hon. Claire Dubois (Minister of Foreign Affairs, Lib.): Mr. Speaker, the bill before the House gives us new "
        "tools to sanction those who abuse human rights. It will also let us freeze assets faster.",
        "Mr. Gary Lindqvist (Calgary North, CPC): Mr. Speaker, we support the bill, but the government has waited "
        "far too long to bring it forward.",
        "Hon. Claire Dubois: Mr. Speaker, I thank my colleague for his support. We wanted to get the bill right.",
    ], [
        ("Mr. Speaker, the bill before the House gives us new tools to sanction those who abuse human rights. It "
         "will also let us freeze assets faster", None, "Hon. Claire Dubois (Minister of Foreign Affairs, Lib.)",
         "direct"),
        ("Mr. Speaker, we support the bill, but the government has waited far too long to bring it forward", None,
         "Mr. Gary Lindqvist (Calgary North, CPC)", "direct"),
        ("Mr. Speaker, I thank my colleague for his support. We wanted to get the bill right", None,
         "Hon. Claire Dubois", "direct"),
    ]),
    ("tuning-26-wire-ambassador", "Serbia recalls ambassador", [
        "BELGRADE, Nov 20 (Reuters) - Serbia has recalled its ambassador to Montenegro, President Dragan Ilić said in "
        "a post on social media on Sunday, after Montenegro’s parliament passed a resolution on wartime crimes.",
        "Ilić wrote that the resolution was “an insult to the Serbian people”.",
        "Montenegro’s prime minister, Nikola Vuković, told reporters in Podgorica on Monday that the decision was "
        "“unfortunate but not surprising”.",
        "“We remain open to dialogue,” he added.",
        "The European Union urged both sides to show restraint, according to a statement from the bloc’s foreign "
        "policy chief.",
    ], [
        ("Serbia has recalled its ambassador to Montenegro", "said", "President Dragan Ilić", "indirect"),
        ("the resolution was “an insult to the Serbian people”", "wrote", "Ilić", "mixed"),
        ("the decision was “unfortunate but not surprising”", "told", "Montenegro’s prime minister, Nikola Vuković",
         "mixed"),
        ("We remain open to dialogue", "added", "he", "direct"),
        # the outer report (N1): the statement is the source of the report that the EU urged restraint
        ("The European Union urged both sides to show restraint", "according to", "the bloc’s foreign policy chief",
         "indirect"),
    ]),
    ("tuning-27-headline-envoy", "", [
        "Envoy: ‘No deal without guarantees’",
        "VIENNA - The U.S. envoy to the nuclear talks, Daniel Kerr, said on Friday that no agreement was possible "
        "without guarantees on inspections.",
        "Speaking to reporters after a fourth day of talks, Kerr said the two sides were “closer than a month ago, "
        "but not close enough”.",
        "Iran’s chief negotiator, Hossein Rahimi, did not comment.",
    ], [
        ("No deal without guarantees", None, "Envoy", "direct"),
        ("no agreement was possible without guarantees on inspections", "said",
         "The U.S. envoy to the nuclear talks, Daniel Kerr", "indirect"),
        ("the two sides were “closer than a month ago, but not close enough”", "said", "Kerr", "mixed"),
    ]),
]


def _paragraph_of(text: str, at: int) -> tuple[int, int]:
    """(start, end) of the paragraph holding offset ``at``."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _content(text: str, spec) -> tuple[int, int]:
    """The one occurrence of a content (text, or (text, context))."""
    words, context = spec if isinstance(spec, tuple) else (spec, spec)
    assert text.count(context) == 1, f"not exactly once: {context!r}"
    start = text.index(context) + context.index(words)
    return start, start + len(words)


def _nearest(text: str, words: str, content: tuple[int, int]) -> tuple[int, int]:
    """The occurrence of a cue or mention nearest to the content in its paragraph, else before it."""
    p0, p1 = _paragraph_of(text, content[0])
    found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text)]  # whole words
    inside = [i for i in found if p0 <= i and i + len(words) <= p1]
    before = [i for i in found if i + len(words) <= content[0]]
    assert inside or before, f"{words!r} not found for {text[content[0]:content[1]]!r}"
    distance = lambda i: min(abs(i - content[1]), abs(i + len(words) - content[0]))  # noqa: E731
    start = min(inside, key=distance) if inside else max(before)
    return start, start + len(words)


def _span(span: tuple[int, int] | None) -> dict | None:
    return None if span is None else {"start": span[0], "end": span[1]}


def rows() -> tuple[list[dict], list[dict]]:
    """(documents, gold) rows, every span located and checked against its text."""
    documents, gold = [], []
    for doc_id, title, paragraphs, statements in DOCUMENTS:
        text = "\n".join(paragraphs)
        documents.append({"id": doc_id, "title": title, "text": text})
        out = []
        for k, (content, cue, mention, kind) in enumerate(statements, 1):
            c = _content(text, content)
            spans = {"content": c, "cue": cue and _nearest(text, cue, c), "speaker_mention": mention and _nearest(text, mention, c)}
            for name, span in spans.items():
                want = content[0] if name == "content" and isinstance(content, tuple) else {
                    "content": content, "cue": cue, "speaker_mention": mention}[name]
                assert span is None or text[span[0]:span[1]] == want, (doc_id, name, want)
            out.append({"statement_id": f"s{k}", **{n: _span(s) for n, s in spans.items()}, "speakers": None,
                        "type": kind})
        out.sort(key=lambda s: s["content"]["start"])
        gold.append({"id": doc_id, "source": "outside-tuning", "text": text, "statements": out})
    return documents, gold


def main() -> None:
    documents, gold = rows()
    for name, items in (("documents.jsonl", documents), ("gold.jsonl", gold)):
        (HERE / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items), encoding="utf-8")
    print(f"{len(documents)} documents, {sum(len(g['statements']) for g in gold)} statements")


if __name__ == "__main__":
    main()
