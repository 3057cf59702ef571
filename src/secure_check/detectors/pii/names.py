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
    aaron abby adam adrienne agnes alberto alexa alexandra alfred alice alicia alison allison alma
    alvin amber amelia andre andrea andres andy angel angelica angie anita ann anne annette annie
    antoinette april arlene armando arnold audrey barry beatrice becky belinda ben bernard bernice
    bertha beth bethany betsy beverly bill billie blake bonnie brad brandi brandy brenda brent
    brett bridget brooke bruce bryant byron caitlin calvin cameron candace carla carlton carmen
    carole caroline carrie casey cassandra cathy cecil cecilia celia chad charlene charlie chelsea
    cheryl chester chris christie christy cindy claire clara clarence claude clayton clifford
    clifton clinton clyde cody colleen connie constance cora corey cory courtney craig crystal
    curtis daisy dale dan dana danny darlene darrell darren darryl daryl dave dawn dean deanna
    debbie delia della derek derrick desiree devin dexter diane dianne dolores don donald donna
    dora doreen doug dustin dwayne dwight earl ed eddie edgar edith edna eduardo edwin eileen elaine
    eleanor ella ellen elmer eloise elsie emily emma enrique erica erik erika erin ernest ernestine
    esther ethel eugene eunice eva evan everett faith felicia fernando flora florence floyd frances
    francis franklin fred freda freddie frederick gabriela gail gayle gene geneva genevieve geoffrey
    georgia geraldine gilbert gina ginger glen glenda glenn gordon greg gretchen guadalupe gwen
    gwendolyn harriet harvey hattie hazel heidi henrietta herbert herman hilda holly homer hope
    howard hugh ian ida irene iris irma isaac jackie jaime jana jane janie janis jared jasmine
    javier jay jean jeanette jeanne jeannette jeff jenna jennie jenny jerome jesse jessie jill jim
    jimmy jo joan joann joanna joanne jodi jody joel johnnie jon jonathan josefina joseph josephine
    josh joy juanita judy julian julio june justin kara karl kate kathy katie katrina kay kayla
    keith kelli kelly ken kendra kent kerry kim kirk kristen kristi kristin kristina krystal kurt
    lance latoya laurie lawrence leah lee lena leo leon leona leonard leroy leslie lester leticia
    lewis lila lillian lillie lindsay lindsey lloyd lois lonnie lora loren lorena lorenzo loretta
    lori lorraine louise lucille lucy luis lydia lynn mabel mae maggie mamie mandy manuel marc
    marcia marco marcus margarita margie marian marianne marie marilyn mario marion marjorie marlene
    marsha marshall martha marvin maureen max maxine megan melanie melinda melvin meredith micheal
    michele mildred milton minnie miriam misty mitchell molly monica monique morris myra myrtle
    nadine naomi nathaniel neil nellie nettie nina nora norma norman olive opal ora orlando oscar
    pam pat patsy patty pauline pearl peggy penny perry phyllis preston priscilla rachael ralph
    ramon ramona randall randy raquel ray regina reginald rene renee rhonda ricardo rick ricky rita
    roberta roberto robin robyn rochelle rodney roger roland ron ronnie rosa rosalie rose rosemary
    ross roxanne ruby rudolph rudy russell ruth sabrina sadie sally salvador sam sammy sandy sara
    sergio seth shane shannon shari sharon shaun shawn shawna sheila shelia shelley shelly sherri
    sherry sheryl shirley sidney silvia sonia sonya sophie stacey stacy stanley stella stuart sue
    susie suzanne sylvia tamara tami tammy tanya tara ted terrance terrence thelma theodore tim tina
    toby todd tom tommy toni tony tonya tracey traci tracy travis trevor troy tyrone valerie vanessa
    velma vera verna vernon veronica vicki vickie vicky victor viola violet vivian wade wallace
    wanda warren wendy wesley whitney wilbur willard wilma winifred yolanda yvette yvonne zachary
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
    abbott acosta adkins aguirre allison andrews armstrong atkins austin avila ayala bailey ball
    banks barber barker barnett barrett barton bass bates beck bishop blair blake boone bowen
    bowman boyd bradley brady brewer bridges briggs brock burke burton bush byrd caldwell calhoun
    cameron cannon carlson carpenter carr carroll carson casey castaneda chambers chandler chapman
    christensen church clarke clayton cobb cochran cohen collier conner conrad cortez craig
    cummings cunningham curry curtis dalton daniel davidson dawson day dean delgado dennis diaz
    douglas doyle drake duncan dunn durham edwards elliott erickson estrada evans farmer fields
    figueroa fitzgerald fleming fletcher floyd flynn fowler francis frank franklin frazier fuller
    gallagher garner garrett gates george gibbs gilbert gill glover goodman goodwin graves greene
    gregory griffith gross guerrero hale haley hammond hampton hanson hardy harmon harper harrington
    hart harvey hawkins haynes hodges hoffman hogan holland holloway holt hopkins horton houston
    howell hubbard hudson huff hughes humphrey hunt hurst ingram jacobs jacobson jennings jensen
    johnston joseph keller kelley klein knight lamb lambert lane lawrence lawson leonard lindsey
    little lloyd logan love lowe lucas lynch lyons mack maldonado malone mann manning marsh mathis
    matthews maxwell may mccoy mcdaniel mcgee mckinney meyer miles mills montgomery moody moran
    morrison morton moss mullins munoz murray myers nash neal newman newton norman norris norton
    obrien oliver olson ortega osborne owen padilla page palmer parks parsons patton paul payne
    pearson pena perkins peters phelps pittman poole pope porter potter powers pratt quinn ramsey
    randall ray reeves reid rhodes richards riley rios robbins roberson robinson rodgers rojas
    rowe russell salinas sandoval santiago saunders schultz schwartz sharp shelton shepherd sherman
    simon simpson sims singleton skinner slater sloan small snow soto sparks spencer stanley steele
    stephenson stevenson stokes strickland sutton swanson tate taylor terry thornton todd townsend
    tucker turner tyler underwood valdez vaughn vega wade wagner walsh walters walton ward warner
    waters watkins weaver webster welch wells west wheeler whitaker wilkerson wilkins williamson
    willis wilson wise wolfe woodard woods wright wyatt yates york young zimmerman conway mills
    glenn fleming klein
    """.split()
)
# NOTE: names that are also common words (May, Page, Max Pooling, Ruby) say nothing alone.
_AMBIGUOUS = frozenset("may page love little small snow april june max ruby will hope joy".split())
FIRST_NAMES = FIRST_NAMES - _AMBIGUOUS
SURNAMES = SURNAMES - _AMBIGUOUS
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mx", "master", "rev"})
