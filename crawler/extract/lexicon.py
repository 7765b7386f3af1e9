"""Word lists the extractor reasons with: outcomes, victim groups, actors, speech verbs, officialdom."""

from __future__ import annotations


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Token (lower case) → outcome, when it follows the counted noun phrase: "12 people were killed", "12 dead".
OUTCOME_AFTER: dict[str, str] = {}
for _w in ("killed kiled killled kilt dead died die dies dying deaths fatalities bodies corpses perished martyred "
           "martyrs executed slain murdered massacred drowned beheaded decapitated crucified lives "
           "assassinated lynched electrocuted eliminated").split():
    OUTCOME_AFTER[_w] = "killed"
for _w in "injured wounded hurt injuries wounds maimed".split():
    OUTCOME_AFTER[_w] = "injured"
for _w in "missing unaccounted buried".split():
    OUTCOME_AFTER[_w] = "missing"
for _w in "detained arrested captured imprisoned jailed detainees incarcerated arrests".split():
    OUTCOME_AFTER[_w] = "detained"
for _w in "displaced fled flee fleeing homeless uprooted".split():
    OUTCOME_AFTER[_w] = "displaced"
for _w in "abducted kidnapped hostages hostage captives kidnaped".split():
    OUTCOME_AFTER[_w] = "abducted"
OUTCOME_AFTER["casualties"] = "casualties"

# Token → outcome, when it stands right before the number: "killing 12", "wounded 30", "arrested 75".
OUTCOME_BEFORE: dict[str, str] = {}
for _w in ("killing killed kill kills kiled killled executed executing execute executes eliminated eliminating "
           "eliminate slaughtered slaughtering massacred massacring murdered murdering murder beheaded "
           "beheading shot dead").split():
    OUTCOME_BEFORE[_w] = "killed"
for _w in "wounding wounded wound wounds injuring injured injure injures hurting".split():
    OUTCOME_BEFORE[_w] = "injured"
for _w in "displacing displaced displaces displace uprooting uprooted".split():
    OUTCOME_BEFORE[_w] = "displaced"
for _w in ("arresting arrested arrest arrests detained detaining detain detains captured capturing capture "
           "captures jailing jailed imprisoned imprisoning holding holds").split():
    OUTCOME_BEFORE[_w] = "detained"
OUTCOME_BEFORE["lost"] = "casualties"
for _w in ("kidnapped kidnapping kidnap kidnaps abducted abducting abduct abducts seized seizing "
           "kidnaped").split():
    OUTCOME_BEFORE[_w] = "abducted"

# "<noun> of N": "the deaths of 27", "the killing of 12", "the displacement of 5 million".
OUTCOME_NOUN_OF: dict[str, str] = {
    "deaths": "killed", "death": "killed", "killing": "killed", "killings": "killed", "lives": "killed",
    "massacre": "killed", "bodies": "killed", "execution": "killed", "executions": "killed",
    "murder": "killed", "murders": "killed", "remains": "killed", "life": "killed",
    "injury": "injured", "injuries": "injured", "wounding": "injured",
    "displacement": "displaced", "arrest": "detained", "arrests": "detained", "detention": "detained",
    "abduction": "abducted", "kidnapping": "abducted", "abductions": "abducted", "kidnappings": "abducted",
    "disappearance": "missing",
}
# "the death toll rose to N", "a toll of N", "the number of dead is N".
TOLL_WORDS = _words("toll tally count")
TOLL_LINK = _words(
    "to at of reached reach reaches hit hits is was stood stands now exceeded exceeds exceed tops topped "
    "top passed passes surpassed crossed climbed rose risen jumped increased has had stands stood been "
    "reaching hitting climbing rising nearing neared approached approaching totalled totaled totals "
    "be put putting gave giving"
)
NUMBER_OF_OUTCOME: dict[str, str] = {
    "dead": "killed", "deaths": "killed", "killed": "killed", "victims": "killed", "fatalities": "killed",
    "martyrs": "killed", "injured": "injured", "wounded": "injured", "injuries": "injured",
    "casualties": "casualties", "missing": "missing", "displaced": "displaced", "detainees": "detained",
    "arrests": "detained", "hostages": "abducted",
}
# An increment adds to an earlier count: "another 5", "a further 5" (before); "5 more", "5 new deaths" (after).
INCREMENT_BEFORE = _words("another further additional")
INCREMENT_AFTER = _words("more new additional further")
# "... rose by 12": the number after these is a change in a toll, not the toll.
INCREMENT_LINK = _words("by")

# Verbs in front of a number that say the people were NOT harmed (rescued, freed, evacuated...).
BLOCK_BEFORE = _words(
    "rescued rescue rescues rescuing freed free frees freeing released release releases releasing "
    "evacuated evacuate evacuates evacuating saved save saves saving hosts hosting host housed housing "
    "feed feeding fed treat treating treated vaccinated employs employing employed trapping trapped "
    "deployed deploying deploy sent send sending mobilised mobilized recruited train trained training "
    "welcomed welcome admitted returned repatriated exchanged swapped carrying carried per sparing spared spare"
)
BLOCK_AFTER = _words("rescued freed released evacuated saved trapped survived returned repatriated exchanged resettled")
PROJECTION = _words("could would will might may expected likely risk risks feared-to")

# Words allowed between the counted noun phrase and the outcome word ("were reportedly killed").
AUX = _words(
    "were was are is have has had been being be reportedly also now all still later so far already "
    "confirmed believed feared reported said thought presumed known listed left remain remained remains "
    "found got getting allegedly apparently since subsequently eventually initially officially either "
    "both seriously critically slightly badly severely fatally mostly among them registered recorded "
    "declared considered estimated were forcibly may might could"
)
# Words that end the counted noun phrase.
NP_STOP = _words(
    "in at on from during after since by near across with when as while including among and or but who "
    "which that to for into following amid before under over between against inside outside through "
    "within without because if than whose where said says say told according per each every the a an "
    "this these those its his her their our your my some many most such another what "
    "out up down about off plus around nearly almost only just"
)
NON_PERSON = _words(
    "strikes airstrikes air raids raid shells shell rockets rocket missiles missile bombs bomb attacks attack "
    "tanks tank vehicles vehicle buildings building homes home houses house villages village towns town "
    "hospitals hospital schools school days day hours hour weeks week months month years year minutes "
    "times km kilometres kilometers miles meters metres tonnes tons dollars euros pounds percent cent "
    "cases incidents sites facilities centres centers trucks truck planes aircraft jets drones drone "
    "helicopters helicopter boats boat ships vessels mosques churches shops markets cities districts "
    "provinces areas points positions targets sorties barrel mortar mortars rounds projectiles grenades "
    "mines explosions blasts cars buses bus convoys flights votes seats points goals runs games matches "
    "shares tests doses beds tents meals ambulances artillery weapons guns rifles camps neighbourhoods "
    "neighborhoods streets roads bridges systems units companies countries states nations regions "
    "occasions fronts waves rounds battles clashes operations raids missions offensives hits stories "
    "articles reports images videos photos kilograms kg litres acres hectares sheep cattle animals "
    "livestock donkeys horses dogs cows goats chickens birds trees crops turkeys talks meetings events "
    "elections rallies protests toilets calls messages"
)

# Victim group: head noun (lower) → label.
GROUP_OF: dict[str, str] = {}
for _w in "people persons person others individuals victims bodies corpses dead lives one".split():
    GROUP_OF[_w] = "people"
for _w in "civilians civilian citizens residents inhabitants villagers worshippers worshipers".split():
    GROUP_OF[_w] = "civilians"
for _w in ("children child kids kid minors minor babies baby toddlers toddler infants infant boys boy girls "
           "girl schoolchildren siblings newborns teenagers teens youngsters pupils schoolboys "
           "schoolgirls").split():
    GROUP_OF[_w] = "children"
for _w in "women woman mothers".split():
    GROUP_OF[_w] = "women"
for _w in "fighters fighter rebels rebel combatants combattants guerrillas guerillas guerrilla militia".split():
    GROUP_OF[_w] = "fighters"
for _w in ("militants militant jihadists jihadist jihadis terrorists terrorist insurgents insurgent extremists "
           "militiamen gunmen daesh isis isil").split():
    GROUP_OF[_w] = "militants"
for _w in ("soldiers soldier troops troop policemen policeman police officers officer servicemen serviceman "
           "guardsmen marines personnel recruits troopers gendarmes conscripts paratroopers servicemembers "
           "guards cadets forces commandos sailors airmen pilots").split():
    GROUP_OF[_w] = "security_forces"
for _w in "journalists journalist reporters reporter photographers photojournalists cameramen".split():
    GROUP_OF[_w] = "journalists"
for _w in ("doctors doctor nurses nurse medics medic paramedics paramedic surgeons physicians "
           "rescuers").split():
    GROUP_OF[_w] = "medical_staff"
for _w in "prisoners prisoner inmates inmate detainees".split():
    GROUP_OF[_w] = "prisoners"
GROUP_OF["immigrants"] = "migrants"
GROUP_OF["staff"] = "medical_staff"
AID_MODIFIERS = _words("aid relief humanitarian un u.n. ngo charity unrwa")
MEDICAL_MODIFIERS = _words("health medical healthcare hospital")
STATE_MODIFIERS = _words("regime government pro-government army pro-regime loyalist state military")
KIN_GROUPS = _words("women children girls boys men elderly")

# Weapons and events that cause deaths without being a perpetrator ("a bomb exploded, killing 5").
WEAPON_EVENT = _words(
    "strike strikes airstrike airstrikes air raid raids attack attacks bombing bombings bombardment "
    "bombardments shelling shellings fire gunfire rocket rockets missile missiles mortar mortars shell "
    "shells bomb bombs blast blasts explosion explosions barrel drone drones jets jet warplanes warplane "
    "aircraft planes plane helicopter helicopters tanks artillery sniper snipers ambush ambushes "
    "assault assaults offensive operation operations clashes clash fighting battles battle violence war "
    "flood floods flooding landslide landslides earthquake quake quakes storm storms typhoon hurricane "
    "cyclone rain rains tsunami fire fires crash crashes collapse accident accidents stampede heatwave "
    "wave waves disease cholera outbreak famine hunger device devices vehicle car truck ied ieds gas "
    "chemical weapons weapon munitions munition incident incidents string series spate wall derailment "
    "infighting raid string campaign campaigns crackdown killing killings massacre shooting shootings "
    "gunbattle gunbattles firefight firefights suicide bomber car-bomb fighter ballistic and or the a an of"
)
ACTOR_NOUNS = _words(
    "regime rebels rebel government coalition army militia militias jihadists jihadist terrorists terrorist "
    "insurgents insurgent gunmen forces troops police soldiers settlers military opposition enemy "
    "pro-government loyalists militants militant fighters group groups gang gangs kidnappers attackers "
    "assailants extremists men authorities navy paramilitaries paramilitary gunman attacker "
    "shooter shooters occupiers invaders separatists"
)
# Named armed actors (lower case) that can stand before a weapon: "in Hamas attacks", "in Houthi strikes".
ARMED_GROUPS = _words(
    "hamas hezbollah hizbollah houthi houthis taliban isis isil daesh al-shabaab shabaab boko haram nusra "
    "al-nusra al-qaeda qaeda wagner pkk ypg sdf rsf idf janjaweed m23 adf iswap jnim hts"
)

SPEECH_VERBS = _words(
    "said says say told tells tell added adds announced announces stated states reported reports reporting "
    "documented confirmed confirms warned warns condemned condemns declared declares claimed claims "
    "accused accuses denied denies report condemn rejects rejected dismissed dismisses insisted insists urged urges stressed stresses noted notes wrote "
    "writes tweeted posted estimated estimates recorded counted gave gives quoted cited explained "
    "explains revealed reveals acknowledged admitted disclosed indicated described describes describing "
    "called calls urged blamed blames asserted asserting saying adding telling announcing"
)
# Verbs that attribute a figure but do not make a statement ("the hospital had recorded four deaths").
ATTRIBUTION_ONLY_VERBS = _words("recorded counted documented estimated estimates")
PRONOUNS = _words("he she it they we i you one")

# Lower-case words that can be part of a speaker noun phrase ("a senior justice official").
SPEAKER_NOUNS = _words(
    "official officials spokesman spokeswoman spokesperson spokespeople monitor monitors group groups "
    "ministry police army military authorities authority sources source witness witnesses eyewitnesses "
    "residents resident activists activist medics doctors doctor officers officer government "
    "president presidency minister director head chief agency media television tv radio organisation "
    "organization observatory coastguard guard union workers worker statement committee council command "
    "commander analyst analysts caller observers experts expert survivors survivor governor mayor "
    "envoy ambassador coordinator office service network watchdog charity hospital hospitals facilities "
    "ministers department secretary general staff administration mission force forces unit agencies "
    "prosecutor prosecutors judge court team channel outlet newspaper daily paper site website reporter "
    "correspondent journalists journalist researchers researcher campaigners campaigner lawmakers "
    "lawmaker legislator politicians politician leader leaders rebels militants militant insurgents "
    "member members clerics cleric imam priest bishop pope relatives relative family families mother "
    "father neighbours neighbors one resident nurses nurse medic paramedics rescuers volunteers "
    "volunteer manager representative representatives delegation sources diplomat diplomats counterpart "
    "premier chancellor king queen prince emir sheikh marines troops soldiers soldier commission "
    "institute center centre coalition ministries governments press embassy consulate palace kremlin "
    "administrator figures data reports report count tally toll teams services service lawyers lawyer"
)
SPEAKER_MODIFIERS = _words(
    "war local senior top foreign interior defence defense health justice interim former deputy "
    "provincial regional state national federal civil human rights humanitarian security medical "
    "military police disaster relief rescue emergency opposing activist independent international "
    "official main chief general high executive public british-based uk-based britain-based "
    "london-based us-based u.s.-based new-york-based monitoring tracking press information media "
    "hamas-run hamas-controlled houthi-run rebel-run government-run state-run de facto prime "
    "assistant acting caretaker transitional israeli palestinian lebanese syrian russian ukrainian "
    "coast guard armed military-run district municipal city village camp hospital town county "
    "government-controlled rebel-held provincial island american sudanese iraqi afghan iranian turkish "
    "several two three many some other another unnamed anonymous eye aid charity rights opposition "
    "health-ministry u.n. un news migration refugee refugees food children's"
)
NP_PREPS = _words("of for at in from on with to")
ARTICLES = _words("a an the")
TIME_WORDS = _words(
    "on monday tuesday wednesday thursday friday saturday sunday today yesterday tonight late early "
    "earlier later last this week month morning evening night afternoon separately previously also "
    "again initially has have had would will could may might then recently had further subsequently "
    "officially publicly jointly reportedly now still alone"
)

# Officialdom (statements): checked on lower-cased speaker + role + organization text.
NOT_OFFICIAL_MARKERS = (
    "witness", "resident", "doctor", "analyst", "activist", "journalist", "evacuee", "survivor", "caller",
    "relative", "mother", "father", "neighbour", "neighbor", "volunteer", "lawyer", "expert", "researcher",
    "observatory", "sohr", "snhr", "network for human rights", "amnesty", "human rights watch", "hrw",
    "msf", "medecins sans", "médecins sans", "doctors without borders", "white helmets", "civil defen",
    "rights group", "monitor", "rebel", "opposition", "insurgent", "militant", "jihadist", "taliban",
    "hamas", "hezbollah", "houthi", "islamic state", "isis", "isil", "daesh", "al-qaeda", "al qaeda",
    "nusra", "jaish", "free syrian army", "fsa", "syrian coalition", "national coalition", "media",
    "television", " tv", "tv ", "radio", "news agency", "sana", "newspaper", "channel", "press tv",
    "reuters", "afp", "associated press", "al jazeera", "cnn", "bbc", "ria", "tass", "charity", "ngo",
    "red crescent", "red cross", "icrc", "union", "aid group", "relief workers", "medical source",
    "group tracking", "workers", "reports", "sources in the", "church", "pope", "local coordination",
    "lcc", "siege watch", "airwars", "acled", "sams", "medical society", "shelter", "new forces",
    "one said", "analysts", "crux", "protesters", "students", "families",
)
OFFICIAL_MARKERS = (
    "president", "presidency", "prime minister", "premier", "minister", "ministry", "government",
    "official", "spokes", "army", "military", "police", "security", "forces", "authorit", "governor",
    "mayor", "administration", "united nations", "u.n.", "un ", "un's", "unicef", "unhcr", "ocha",
    "ohchr", "unrwa", "world health organization", "who", "iom", "wfp", "world food", "secretary",
    "general staff", "command", "marines", "coastguard", "coast guard", "embassy", "white house",
    "kremlin", "state department", "pentagon", "idf", "defense forces", "defence forces", "hospital",
    "health authority", "health directorate", "department", "council", "commission", "commissioner",
    "envoy", "ambassador", "diplomat", "king", "emir", "chancellor", "pope", "palace", "parliament",
    "senator", "lawmaker", "prosecutor", "court", "coordinator", "representative", "agency", "officials",
    "coalition spokesman", "us-led coalition", "u.s.-led coalition", "navy", "air force", "troops",
    "soldiers", "sources at", "source at", "sources in prime", "province", "governorate",
    "nato", "g7", "g20", "eu ", "eu's", "european union", "european commission", "african union", "arab league",
)
KNOWN_OFFICIALS = _words(
    "netanyahu guterres zelensky zelenskiy zelenskyy putin biden trump obama erdogan assad lavrov "
    "blinken kuleba peskov macron scholz sunak starmer johnson khamenei raisi sisi burhan dagalo hemedti "
    "tshisekedi kagame abiy modi xi kishida albanese austin shoigu gallant katz rubio turk griffiths "
    "fletcher lazzarini tedros bachelet shamdasani laerke dujarric haq stephane al-sharaa sharaa "
    "mikati aoun hariri abbas haniyeh sinwar"
)
OFFICIAL_PERSON_EXCEPTIONS = _words("haniyeh sinwar")  # heads of armed groups, not of a state
