"""A small bundled list of common given names and surnames, for value-based name detection.

It only has to tell a column of people's names from a column of products, places or labels:
a few hundred frequent names from the US census and SSA lists and other large countries.
"""

from __future__ import annotations

FIRST_NAMES = frozenset(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter
    christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan
    jesse bryan billy bruce gabriel joe logan albert willie alan eugene russell vincent
    philip bobby johnny bradley roy ralph randy wayne elijah louis harry liam mason lucas
    oliver owen caleb luke isaac hunter connor evan adrian omar carlos luis juan miguel
    diego mateo santiago pedro pablo javier alejandro rafael antonio manuel francisco
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy
    betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa
    deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda
    pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
    catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
    christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa
    ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise amber
    doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie
    kayla alexis lori ava mia chloe zoe lily ella harper aria sofia camila lucia valentina
    isabel carmen rosa ana elena laura paula marta claudia julia eva lena lea clara anna
    hans peter klaus jurgen wolfgang stefan michael thomas andreas markus tobias lukas felix
    jonas leon paul finn maximilian sebastian florian johannes katharina sabine ursula
    monika petra andrea claudia julia laura sarah lisa lena jean pierre michel philippe alain
    nicolas francois louis hugo arthur jules camille manon ines jade louise giulia francesca
    chiara giuseppe giovanni marco luca matteo alessandro lorenzo andrea ivan olga natalia
    anastasia svetlana tatiana dmitri sergei alexei vladimir igor mohammed muhammad ahmed ali
    fatima aisha omar yusuf ibrahim hassan hussein mustafa layla zainab raj rahul amit priya
    anjali sunita ravi vijay arjun deepak pooja neha wei li ming jing hui yan chen ying kenji
    hiroshi takashi yuki haruto sakura yuto hina akira min-jun seo-yeon ji-woo kwame kofi
    amara chinedu ngozi oluwaseun thabo sipho aroha ingrid astrid erik lars nils sven bjorn
    mikael johan karin sigrid freya anders jan piotr krzysztof tomasz agnieszka katarzyna
    """.split()
)

SURNAMES = frozenset(
    """
    smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
    gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white
    harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres
    nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts
    gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales
    murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos
    kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes
    price alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry
    russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons
    romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west
    cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro
    marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry
    chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez
    silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd
    rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols
    stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold pierce
    muller mueller schneider fischer weber becker schulz hoffmann koch richter klein wolf
    schroder neumann schwarz zimmermann braun kruger hartmann lange werner krause dubois
    durand leroy moreau simon laurent lefebvre michel bernard petit richard rossi russo
    ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti costa
    fernandes santos oliveira souza pereira lima carvalho ribeiro almeida ivanov smirnov
    kuznetsov popov sokolov petrov volkov kowalski nowak wisniewski wojcik kowalczyk novak
    horvat andersson johansson karlsson nilsson eriksson larsson olsen hansen jensen nielsen
    sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi wang li zhang liu
    yang huang zhao wu zhou xu sun ma zhu hu guo lin he gao luo park choi jung kang cho yoon
    singh kumar sharma gupta shah khan ali ahmed hussain okafor okeke adeyemi mensah cohen
    levy friedman murphy kelly obrien byrne walsh doyle mccarthy oconnor
    """.split()
)
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mx", "master", "rev"})
