/*
 * topics.c - niche (topic) classification of accounts from their text
 * (topics.h).
 *
 * Design. The taxonomy and the lexicon are data (the tables below). At
 * niche_topics_new() every lexicon term is normalised (utf8proc: NFKC,
 * case folding, marks stripped) and indexed in four maps from bytes to a
 * niche id:
 *
 *   exact  the normalised term ("Küche" -> "kuche"). A term written in a
 *          language other than English counts in texts of that language
 *          and of no known language only: "calcio" is football in Italian
 *          and calcium in Spanish;
 *   stems  its stem by the Snowball stemmer of its language, one table per
 *          language, when the stem has at least TOPICS_MIN_STEM bytes:
 *          shorter stems ("mod" from "moda", "fit" from "fitness") match
 *          too many unrelated words;
 *   tags   whole hashtags ("dogsofinstagram"), matched only as hashtags;
 *   stop   words that are never topics in one language ("car" is French
 *          for "because").
 *
 * A term or stem that lands in two niches makes niche_topics_new() fail,
 * so the tables stay unambiguous as they grow.
 *
 * Text is split into whitespace-separated chunks; a chunk holding '@' (a
 * mention or an email) or starting with "http" or "www." is skipped whole.
 * A chunk is split into words, maximal runs of letters, marks and digits
 * (Unicode categories L, M and N); bytes that are not valid UTF-8 are
 * dropped, numbers and one-letter words ignored. A word right after '#',
 * or any word of NICHE_TOPIC_HASHTAGS text, is a hashtag. A word resolves
 * to one niche or none, in order: a stop word of the text's language is
 * none; exact; as a hashtag, tags; the stem in the text's language; the
 * English stem (captions mix English into every language); as a hashtag,
 * a compound ("...ofinstagram" or "...life" stripped, then the longest
 * known head or modifier: "weddingphotography").
 *
 * Speed. The classifier reads every caption of an analysis (tens of
 * millions), and most words recur. The resolution of each distinct word
 * is memoised: the key is the word as written, ASCII letters lowercased,
 * after one byte holding the language slot and the hashtag bit, so a
 * repeated word costs one hash of two 8-byte words and one probe that
 * compares integers. Pure-ASCII words never reach utf8proc: lowercasing
 * is their NFKC casefold. The memo stops growing at TOPICS_MEMO_MAX words
 * (32 MB of slots) or TOPICS_MEMO_BYTES of long-key tails, so hostile
 * input cannot grow memory without bound: later new words are resolved
 * each time, correctly but slower. Words longer than TOPICS_MAX_WORD
 * bytes are ignored: no term is that long.
 *
 * Weights and labels follow topics.h. docs/topics-lexicon.md lists the
 * taxonomy and the lexicon.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#include <utf8proc.h>
#include "niche/topics.h"
#include "internal.h"
#include "banned.h"

#define TOPICS_MAX_WORD 64          /* bytes of a word as written */
#define TOPICS_MIN_STEM 4           /* bytes of an indexed stem */
#define TOPICS_MAX_LANGS 64         /* distinct language codes cached */
#define TOPICS_MEMO_MAX (1u << 19)  /* memoised words */
#define TOPICS_MEMO_BYTES (8u << 20) /* bytes of memoised key tails */

#define TOPICS_ABSENT (-2)          /* map lookup: no such key */

/* ---- taxonomy ----------------------------------------------------------- */

static const char *const topics_names[NICHE_TOPIC__COUNT] = {
    "beauty", "fashion", "fitness", "food", "travel", "family", "pets", "home",
    "gaming", "tech", "music", "sports", "finance", "education", "art",
    "photography", "automotive", "comedy", "business", "health"
};

#define TOPICS_STOP (-1)            /* a row of words that are never topics */

struct topics_row {
    int niche;                      /* enum niche_topic, or TOPICS_STOP */
    const char *lang;               /* ISO 639-1, "=" exact word, "#" hashtag */
    const char *terms;              /* ' '-separated */
};

/*
 * The lexicon. One row per niche and language, terms separated by spaces
 * and written as people write them: accents and case are normalised away.
 * The language is the one the terms are written in; its stemmer indexes
 * their stems. Other kinds of rows:
 *   "="    words of any language, matched exactly, where a stem would be
 *          ambiguous: "running" is fitness, its stem "run" is not;
 *          "savings" is finance, its stem "save" is not;
 *   "de="  words of one language, matched exactly: "Reise" is travel, the
 *          stem "reis" is rice;
 *   "#"    hashtags, matched whole and only as hashtags: "#ai" is tech, the
 *          Italian and Portuguese word "ai" is not;
 *   TOPICS_STOP  words that are never topics in that language.
 * English is the lingua franca of hashtags: its terms count in every
 * language. The unit tests check that every term classifies as its own
 * niche; docs/topics-lexicon.md lists the same data.
 */
static const struct topics_row lexicon[] = {
    /* ---- beauty ---- */
    { NICHE_TOPIC_BEAUTY, "en", "beauty makeup skincare cosmetics lipstick mascara eyeliner "
                                "eyeshadow concealer foundation serum moisturizer sunscreen "
                                "skin lashes eyebrows manicure haircare hairstylist perfume "
                                "fragrance mua" },
    { NICHE_TOPIC_BEAUTY, "=", "nails" },
    { NICHE_TOPIC_BEAUTY, "es", "belleza maquillaje labial cosmética pestañas" },
    { NICHE_TOPIC_BEAUTY, "pt", "beleza maquiagem batom cílios unhas" },
    { NICHE_TOPIC_BEAUTY, "de", "schönheit schminke kosmetik lippenstift wimpern hautpflege" },
    { NICHE_TOPIC_BEAUTY, "fr", "beauté maquillage cosmétiques" },
    { NICHE_TOPIC_BEAUTY, "it", "bellezza rossetto cosmetici" },
    { NICHE_TOPIC_BEAUTY, "id", "kecantikan riasan lipstik bedak" },
    { NICHE_TOPIC_BEAUTY, "it=", "trucco" },
    { NICHE_TOPIC_BEAUTY, "#", "makeupartist glowup selfcare nailart makeuptutorial "
                               "skincareroutine beautyblogger" },

    /* ---- fashion ---- */
    { NICHE_TOPIC_FASHION, "en", "fashion style outfit ootd streetstyle lookbook vintage "
                                 "denim sneakers thrift tailoring linen dress handbag "
                                 "jewelry jewellery wardrobe stylist menswear womenswear "
                                 "couture runway streetwear" },
    { NICHE_TOPIC_FASHION, "=", "moda jeans" },
    { NICHE_TOPIC_FASHION, "es", "ropa estilo vestido zapatillas" },
    { NICHE_TOPIC_FASHION, "pt", "roupa roupas" },
    { NICHE_TOPIC_FASHION, "de", "kleid kleidung" },
    { NICHE_TOPIC_FASHION, "fr", "vêtements friperie" },
    { NICHE_TOPIC_FASHION, "it", "abbigliamento vestito stile" },
    { NICHE_TOPIC_FASHION, "id", "fesyen pakaian busana" },
    { NICHE_TOPIC_FASHION, "#", "outfitoftheday whatiwore fitcheck lookdodia modeblogger" },

    /* ---- fitness ---- */
    { NICHE_TOPIC_FITNESS, "en", "fitness workout gym exercise squat deadlift reps hiit "
                                 "cardio crossfit bodybuilding runner marathon protein "
                                 "strength pilates yoga calisthenics weightlifting burpees" },
    { NICHE_TOPIC_FITNESS, "=", "running abs mobility" },
    { NICHE_TOPIC_FITNESS, "es", "gimnasio ejercicio" },
    { NICHE_TOPIC_FITNESS, "pt", "treino musculação malhação" },
    { NICHE_TOPIC_FITNESS, "de", "krafttraining fitnessstudio muskelaufbau" },
    { NICHE_TOPIC_FITNESS, "fr", "musculation" },
    { NICHE_TOPIC_FITNESS, "it", "allenamento palestra" },
    { NICHE_TOPIC_FITNESS, "id", "kebugaran" },
    { NICHE_TOPIC_FITNESS, "fr=", "entraînement" },
    { NICHE_TOPIC_FITNESS, "#", "fitfam gymlife personaltrainer fitspo homegym legday" },

    /* ---- food ---- */
    { NICHE_TOPIC_FOOD, "en", "food foodie recipe cooking baking chef vegan vegetarian "
                              "pasta noodles sourdough brunch breakfast dinner dessert "
                              "pizza sushi ramen spicy delicious yummy tasty restaurant "
                              "cuisine" },
    { NICHE_TOPIC_FOOD, "=", "bake homemade" },
    { NICHE_TOPIC_FOOD, "es", "comida receta cocina delicioso postre" },
    { NICHE_TOPIC_FOOD, "pt", "receita culinária sobremesa cozinha" },
    { NICHE_TOPIC_FOOD, "de", "essen rezept kochen küche" },
    { NICHE_TOPIC_FOOD, "fr", "recette gourmand pâtisserie" },
    { NICHE_TOPIC_FOOD, "it", "cucina ricetta cibo" },
    { NICHE_TOPIC_FOOD, "id", "makanan kuliner resep masakan enak jajanan" },
    { NICHE_TOPIC_FOOD, "de=", "lecker backen" },
    { NICHE_TOPIC_FOOD, "pt=", "delícia" },
    { NICHE_TOPIC_FOOD, "#", "homecooking foodporn instafood mealprep foodblogger" },

    /* ---- travel ---- */
    { NICHE_TOPIC_TRAVEL, "en", "travel traveling wanderlust roadtrip backpacking vacation "
                                "beach mountains hostel hotel flight itinerary island "
                                "passport tourism tourist sightseeing airport" },
    { NICHE_TOPIC_TRAVEL, "=", "resort resorts" },
    { NICHE_TOPIC_TRAVEL, "es", "viaje viajar vacaciones turismo mochilero" },
    { NICHE_TOPIC_TRAVEL, "pt", "viagem praia" },
    { NICHE_TOPIC_TRAVEL, "de", "urlaub fernweh" },
    { NICHE_TOPIC_TRAVEL, "fr", "voyage voyager vacances plage" },
    { NICHE_TOPIC_TRAVEL, "it", "viaggio viaggiare vacanze spiaggia" },
    { NICHE_TOPIC_TRAVEL, "id", "liburan wisata pantai" },
    { NICHE_TOPIC_TRAVEL, "de=", "reise reisen" },
    { NICHE_TOPIC_TRAVEL, "es=", "playa playas" },
    { NICHE_TOPIC_TRAVEL, "#", "travelgram digitalnomad solotravel vanlife jalanjalan" },

    /* ---- family ---- */
    { NICHE_TOPIC_FAMILY, "en", "family parenting parents mommy motherhood fatherhood "
                                "toddler baby babies kids children newborn pregnancy "
                                "bedtime lunchbox playground" },
    { NICHE_TOPIC_FAMILY, "=", "mom dad mum" },
    { NICHE_TOPIC_FAMILY, "es", "familia mamá bebé hijos maternidad niños" },
    { NICHE_TOPIC_FAMILY, "pt", "maternidade filhos mãe" },
    { NICHE_TOPIC_FAMILY, "de", "familie kinder elternzeit" },
    { NICHE_TOPIC_FAMILY, "fr", "famille maman enfants parentalité" },
    { NICHE_TOPIC_FAMILY, "it", "famiglia mamma bambini genitori" },
    { NICHE_TOPIC_FAMILY, "id", "keluarga anak bayi" },
    { NICHE_TOPIC_FAMILY, "#", "momlife dadlife mumlife familytime momblogger mamablog" },

    /* ---- pets ---- */
    { NICHE_TOPIC_PETS, "en", "pets puppy puppies kitten veterinarian leash rescue doggo "
                              "hamster parrot aquarium labrador" },
    { NICHE_TOPIC_PETS, "=", "pet dog dogs cat cats vet" },
    { NICHE_TOPIC_PETS, "es", "perro perros gato gatos mascota mascotas perrito gatito" },
    { NICHE_TOPIC_PETS, "pt", "cachorro cachorros" },
    { NICHE_TOPIC_PETS, "de", "hund hunde katze katzen haustier haustiere welpe welpen" },
    { NICHE_TOPIC_PETS, "fr", "chien chiens chiot chaton" },
    { NICHE_TOPIC_PETS, "it", "cane cani gatto gatti cucciolo" },
    { NICHE_TOPIC_PETS, "id", "kucing anjing peliharaan" },
    { NICHE_TOPIC_PETS, "#", "dogsofinstagram catsofinstagram petsofinstagram dogmom catmom "
                             "dogdad adoptdontshop petcare petstagram rescuedog "
                             "goldenretriever" },

    /* ---- home ---- */
    { NICHE_TOPIC_HOME, "en", "interior interiors decor diy renovation remodel houseplants "
                              "garden gardening furniture shelf shelves lamp tiles bedroom "
                              "woodworking decoration" },
    { NICHE_TOPIC_HOME, "=", "home plants apartment apartments" },
    { NICHE_TOPIC_HOME, "es", "decoración hogar muebles jardín" },
    { NICHE_TOPIC_HOME, "pt", "decoração jardinagem móveis" },
    { NICHE_TOPIC_HOME, "de", "einrichtung wohnzimmer renovierung garten deko" },
    { NICHE_TOPIC_HOME, "fr", "déco jardinage bricolage" },
    { NICHE_TOPIC_HOME, "it", "arredamento giardino" },
    { NICHE_TOPIC_HOME, "id", "dekorasi rumah tanaman" },
    { NICHE_TOPIC_HOME, "#", "interiordesign homedecor homeinspo livingroom plantmom "
                             "houseplantclub" },

    /* ---- gaming ---- */
    { NICHE_TOPIC_GAMING, "en", "gamer gamers videogames twitch esports streamer speedrun "
                                "loot playstation xbox nintendo fortnite minecraft gameplay "
                                "roblox" },
    { NICHE_TOPIC_GAMING, "=", "gaming controller controllers console consoles valorant" },
    { NICHE_TOPIC_GAMING, "es", "videojuegos" },
    { NICHE_TOPIC_GAMING, "pt", "jogatina" },
    { NICHE_TOPIC_GAMING, "de", "zocken videospiele" },
    { NICHE_TOPIC_GAMING, "it", "videogiochi" },
    { NICHE_TOPIC_GAMING, "id", "mabar" },
    { NICHE_TOPIC_GAMING, "#", "retrogaming pcgaming leagueoflegends gamedev letsplay "
                               "indiegame jeuxvideo" },

    /* ---- tech ---- */
    { NICHE_TOPIC_TECH, "en", "technology gadget gadgets software smartphone iphone android "
                              "laptop unboxing battery chatgpt robotics computer "
                              "cybersecurity javascript linux" },
    { NICHE_TOPIC_TECH, "=", "tech coding developer developers programming programmer "
                             "programmers celular" },
    { NICHE_TOPIC_TECH, "es", "tecnología programación" },
    { NICHE_TOPIC_TECH, "pt", "programação" },
    { NICHE_TOPIC_TECH, "de", "technik programmieren" },
    { NICHE_TOPIC_TECH, "fr", "technologie informatique" },
    { NICHE_TOPIC_TECH, "id", "teknologi gawai pemrograman" },
    { NICHE_TOPIC_TECH, "#", "ai artificialintelligence machinelearning pcbuild webdev "
                             "techtok" },

    /* ---- music ---- */
    { NICHE_TOPIC_MUSIC, "en", "music musician singer songwriter song songs guitar "
                               "guitarist piano drums chorus acoustic setlist album concert "
                               "rapper hiphop spotify lyrics vocalist beatmaker" },
    { NICHE_TOPIC_MUSIC, "=", "dj producer producers" },
    { NICHE_TOPIC_MUSIC, "es", "música canción cantante guitarra concierto" },
    { NICHE_TOPIC_MUSIC, "pt", "cantor cantora canção violão" },
    { NICHE_TOPIC_MUSIC, "de", "musik sänger sängerin konzert gitarre" },
    { NICHE_TOPIC_MUSIC, "fr", "musique chanteur chanteuse chanson guitare" },
    { NICHE_TOPIC_MUSIC, "it", "canzone chitarra concerto" },
    { NICHE_TOPIC_MUSIC, "id", "lagu penyanyi gitar konser" },
    { NICHE_TOPIC_MUSIC, "#", "newmusic livemusic musicproducer singersongwriter" },

    /* ---- sports ---- */
    { NICHE_TOPIC_SPORTS, "en", "sports sport football soccer basketball baseball tennis "
                                "volleyball rugby hockey golf boxing athlete matchday derby "
                                "league stadium olympics championship tournament referee "
                                "goalkeeper touchdown" },
    { NICHE_TOPIC_SPORTS, "=", "nba nfl mma ufc" },
    { NICHE_TOPIC_SPORTS, "es", "deporte deportes fútbol baloncesto golazo campeonato" },
    { NICHE_TOPIC_SPORTS, "pt", "futebol torcida basquete vôlei" },
    { NICHE_TOPIC_SPORTS, "de", "fußball bundesliga spieltag stadion" },
    { NICHE_TOPIC_SPORTS, "it", "calciatore tifosi pallavolo campionato" },
    { NICHE_TOPIC_SPORTS, "id", "sepakbola olahraga bulutangkis badminton atlet" },
    { NICHE_TOPIC_SPORTS, "es=", "estadio" },
    { NICHE_TOPIC_SPORTS, "it=", "calcio" },
    { NICHE_TOPIC_SPORTS, "pt=", "esporte esportes" },
    { NICHE_TOPIC_SPORTS, "#", "gameday premierleague" },

    /* ---- finance ---- */
    { NICHE_TOPIC_FINANCE, "en", "finance investing investment investor money debt dividend "
                                 "dividends taxes crypto bitcoin trader mortgage wealth "
                                 "forex" },
    { NICHE_TOPIC_FINANCE, "=", "savings stocks budgeting etf trading retirement" },
    { NICHE_TOPIC_FINANCE, "es", "finanzas dinero ahorro inversión inversiones impuestos" },
    { NICHE_TOPIC_FINANCE, "pt", "finanças dinheiro investimento investimentos poupança" },
    { NICHE_TOPIC_FINANCE, "de", "finanzen geld geldanlage aktien investieren" },
    { NICHE_TOPIC_FINANCE, "fr", "épargne investissement bourse impôts" },
    { NICHE_TOPIC_FINANCE, "it", "finanza risparmio investimenti" },
    { NICHE_TOPIC_FINANCE, "id", "keuangan investasi uang saham tabungan menabung" },
    { NICHE_TOPIC_FINANCE, "it=", "soldi" },
    { NICHE_TOPIC_FINANCE, "#", "personalfinance stockmarket financialfreedom passiveincome "
                                "indexfunds educacaofinanceira" },

    /* ---- education ---- */
    { NICHE_TOPIC_EDUCATION, "en", "education teacher teaching student students lesson "
                                   "lessons exam exams history chemistry math maths biology "
                                   "science grammar vocabulary lecture tutor classroom "
                                   "study" },
    { NICHE_TOPIC_EDUCATION, "=", "homework languages physics university universities "
                                  "revision" },
    { NICHE_TOPIC_EDUCATION, "es", "educación profesor profesora estudiar estudiante "
                                   "aprender" },
    { NICHE_TOPIC_EDUCATION, "pt", "educação professor estudar vestibular" },
    { NICHE_TOPIC_EDUCATION, "de", "bildung lernen lehrer lehrerin schüler studium prüfung "
                                   "nachhilfe" },
    { NICHE_TOPIC_EDUCATION, "fr", "enseignant enseignante étudiant apprendre professeur "
                                   "examen" },
    { NICHE_TOPIC_EDUCATION, "it", "istruzione insegnante studiare studente" },
    { NICHE_TOPIC_EDUCATION, "id", "pendidikan belajar siswa mahasiswa ujian" },
    { NICHE_TOPIC_EDUCATION, "es=", "universidad" },
    { NICHE_TOPIC_EDUCATION, "it=", "università" },
    { NICHE_TOPIC_EDUCATION, "#", "studytips studygram learnenglish teachersofinstagram" },

    /* ---- art ---- */
    { NICHE_TOPIC_ART, "en", "arts artist artists artwork painter painting paintings "
                             "watercolor acrylic illustration illustrator sketchbook "
                             "sculpture ceramics pottery gallery exhibition tattoo "
                             "calligraphy crochet knitting embroidery canvas mural graffiti" },
    { NICHE_TOPIC_ART, "=", "art" },
    { NICHE_TOPIC_ART, "es", "arte artista pintura dibujo ilustración acuarela" },
    { NICHE_TOPIC_ART, "pt", "desenho aquarela" },
    { NICHE_TOPIC_ART, "de", "kunst künstler künstlerin malerei zeichnung aquarell" },
    { NICHE_TOPIC_ART, "fr", "artiste peinture dessin aquarelle" },
    { NICHE_TOPIC_ART, "it", "pittura disegno acquerello" },
    { NICHE_TOPIC_ART, "id", "seni seniman lukisan ilustrasi" },
    { NICHE_TOPIC_ART, "#", "digitalart oilpainting artistsoninstagram tattooartist "
                            "urbansketchers" },

    /* ---- photography ---- */
    { NICHE_TOPIC_PHOTOGRAPHY, "en", "photography photographer camera lens lenses portrait "
                                     "photoshoot lightroom photoshop aperture shutter "
                                     "exposure tripod bokeh dslr mirrorless nikon" },
    { NICHE_TOPIC_PHOTOGRAPHY, "=", "35mm" },
    { NICHE_TOPIC_PHOTOGRAPHY, "es", "fotografía fotógrafo" },
    { NICHE_TOPIC_PHOTOGRAPHY, "pt", "fotógrafa" },
    { NICHE_TOPIC_PHOTOGRAPHY, "de", "fotografie fotograf kamera" },
    { NICHE_TOPIC_PHOTOGRAPHY, "fr", "photographie photographe" },
    { NICHE_TOPIC_PHOTOGRAPHY, "it", "fotocamera" },
    { NICHE_TOPIC_PHOTOGRAPHY, "id", "fotografi fotografer memotret" },
    { NICHE_TOPIC_PHOTOGRAPHY, "#", "portraitphotography landscapephotography "
                                    "streetphotography filmphotography astrophotography" },

    /* ---- automotive ---- */
    { NICHE_TOPIC_AUTOMOTIVE, "en", "automotive supercar supercars motorcycle motorbike "
                                    "horsepower turbo drift jdm carspotting motorsport "
                                    "porsche bmw ferrari tesla offroad sedan suv truck "
                                    "roadster" },
    { NICHE_TOPIC_AUTOMOTIVE, "=", "car cars f1 4x4 mechanic mechanics racing" },
    { NICHE_TOPIC_AUTOMOTIVE, "es", "coche coches carro carros automóvil moto" },
    { NICHE_TOPIC_AUTOMOTIVE, "pt", "automóvel automobilismo" },
    { NICHE_TOPIC_AUTOMOTIVE, "de", "auto autos fahrzeug motorrad oldtimer" },
    { NICHE_TOPIC_AUTOMOTIVE, "fr", "voiture voitures" },
    { NICHE_TOPIC_AUTOMOTIVE, "it", "macchina" },
    { NICHE_TOPIC_AUTOMOTIVE, "id", "otomotif mobil" },
    { NICHE_TOPIC_AUTOMOTIVE, "#", "carsofinstagram formula1 classiccars carshow "
                                   "electricvehicle" },

    /* ---- comedy ---- */
    { NICHE_TOPIC_COMEDY, "en", "comedy comedian funny humor humour joke jokes prank pranks "
                                "parody satire skit skits" },
    { NICHE_TOPIC_COMEDY, "=", "improv" },
    { NICHE_TOPIC_COMEDY, "es", "comedia chistes gracioso risas" },
    { NICHE_TOPIC_COMEDY, "pt", "piada piadas engraçado zoeira" },
    { NICHE_TOPIC_COMEDY, "de", "komödie witz witze lustig" },
    { NICHE_TOPIC_COMEDY, "fr", "humoriste blague blagues drôle" },
    { NICHE_TOPIC_COMEDY, "it", "comicità barzelletta comico" },
    { NICHE_TOPIC_COMEDY, "id", "komedi lawak lelucon ngakak" },
    { NICHE_TOPIC_COMEDY, "it=", "umorismo" },
    { NICHE_TOPIC_COMEDY, "#", "standup standupcomedy dadjokes memes meme" },

    /* ---- business ---- */
    { NICHE_TOPIC_BUSINESS, "en", "entrepreneur entrepreneurs entrepreneurship startup "
                                  "startups leadership ceo founder ecommerce linkedin "
                                  "hustle freelance freelancer" },
    { NICHE_TOPIC_BUSINESS, "=", "business businesses b2b productivity marketing networking "
                                 "branding consulting consultant" },
    { NICHE_TOPIC_BUSINESS, "es", "negocio negocios emprendedor emprendedora emprendimiento "
                                  "empresa" },
    { NICHE_TOPIC_BUSINESS, "pt", "empreendedor empreendedora empreendedorismo" },
    { NICHE_TOPIC_BUSINESS, "de", "unternehmen unternehmer unternehmerin selbstständig" },
    { NICHE_TOPIC_BUSINESS, "fr", "entreprise entrepreneuriat entreprendre" },
    { NICHE_TOPIC_BUSINESS, "it", "imprenditore imprenditrice azienda imprenditoria" },
    { NICHE_TOPIC_BUSINESS, "id", "bisnis wirausaha pengusaha umkm jualan" },
    { NICHE_TOPIC_BUSINESS, "de=", "gründer" },
    { NICHE_TOPIC_BUSINESS, "#", "smallbusiness digitalmarketing sidehustle girlboss "
                                 "bossbabe socialmediamarketing" },

    /* ---- health ---- */
    { NICHE_TOPIC_HEALTH, "en", "health healthy wellbeing nutrition nutritionist dietitian "
                                "diet doctor nurse medicine medical therapy therapist "
                                "anxiety depression meditation holistic vitamins "
                                "supplements physiotherapy menopause diabetes" },
    { NICHE_TOPIC_HEALTH, "=", "wellness mindfulness" },
    { NICHE_TOPIC_HEALTH, "es", "bienestar nutrición médico psicología nutricionista" },
    { NICHE_TOPIC_HEALTH, "pt", "nutrição" },
    { NICHE_TOPIC_HEALTH, "de", "gesundheit gesund ernährung arzt ärztin achtsamkeit "
                                "wohlbefinden" },
    { NICHE_TOPIC_HEALTH, "fr", "santé médecin psychologie" },
    { NICHE_TOPIC_HEALTH, "it", "salute benessere nutrizionista" },
    { NICHE_TOPIC_HEALTH, "id", "kesehatan sehat gizi dokter" },
    { NICHE_TOPIC_HEALTH, "es=", "salud saludable" },
    { NICHE_TOPIC_HEALTH, "pt=", "saúde" },
    { NICHE_TOPIC_HEALTH, "#", "mentalhealth guthealth chronicillness bienetre bemestar "
                               "hidupsehat" },

    /* ---- never topics, in their language ---- */
    { TOPICS_STOP, "de", "art" },
    { TOPICS_STOP, "fr", "car meme chef programmer crochet" },
    { TOPICS_STOP, "id", "cat" },
};

#define TOPICS_NROWS (sizeof(lexicon) / sizeof(lexicon[0]))

/* ---- byte-string maps --------------------------------------------------- */

/*
 * Open addressing, linear probing, load at most 1/2. A slot keeps the
 * first TOPICS_HEAD bytes of its key, zero-padded, so that a probe for a
 * word of up to 15 letters (and its flag byte) compares two integers and
 * touches one cache line; the rest of a longer key lives in an arena.
 */
#define TOPICS_HEAD 16

struct topics_slot {
    uint64_t head[2];               /* the key's first 16 bytes, zero-padded */
    uint32_t hash;                  /* low half of the key's hash */
    uint32_t off;                   /* keys longer than 16: their tail in keys */
    uint8_t len;                    /* key length in bytes; 0: empty slot */
    int8_t val;                     /* niche id, or -1 for "no niche" */
    uint8_t lang;                   /* exact: language slot of the term, 0 any */
};

struct topics_map {
    struct topics_slot *slots;      /* owned; mask + 1 of them */
    size_t mask, nr;
    char *keys;                     /* owned arena of key tails */
    size_t keys_nr, keys_alloc;     /* bytes */
};

/* A key to look up: its bytes, its head as a slot keeps it, its hash. */
struct topics_key {
    uint64_t head[2];
    const char *bytes;              /* borrowed; len bytes */
    size_t len;                     /* 1 to 255 */
    uint32_t hash;
};

/* A multiply-xorshift mix of the zero-padded key, 8 bytes at a time (the
 * constants are SplitMix64's): two multiplications for most words, where
 * FNV-1a would take one per byte. */
static inline void topics_key_hash(struct topics_key *k)
{
    uint64_t h = (k->head[0] ^ 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
    size_t i;

    h = (h ^ (h >> 31) ^ k->head[1] ^ k->len) * 0x94d049bb133111ebULL;
    for (i = TOPICS_HEAD; i < k->len; i += 8) {
        uint64_t w = 0;

        memcpy(&w, k->bytes + i, k->len - i < 8 ? k->len - i : 8);
        h = (h ^ (h >> 29) ^ w) * 0xbf58476d1ce4e5b9ULL;
    }
    h ^= h >> 32;
    k->hash = (uint32_t)h;
}

static void topics_key_init(struct topics_key *k, const char *bytes, size_t len)
{
    k->head[0] = k->head[1] = 0;
    memcpy(k->head, bytes, len < TOPICS_HEAD ? len : TOPICS_HEAD);
    k->bytes = bytes;
    k->len = len;
    topics_key_hash(k);
}

static void topics_map_init(struct topics_map *m, size_t cap)
{
    memset(m, 0, sizeof(*m));
    m->slots = niche_xcalloc(cap, sizeof(*m->slots));
    m->mask = cap - 1;
}

static void topics_map_release(struct topics_map *m)
{
    free(m->slots);
    free(m->keys);
    memset(m, 0, sizeof(*m));
}

/* The slot holding k, or the empty slot where it would go. */
static inline struct topics_slot *topics_map_find(const struct topics_map *m,
                                           const struct topics_key *k)
{
    size_t i = k->hash & m->mask;

    for (;; i = (i + 1) & m->mask) {
        struct topics_slot *s = &m->slots[i];

        if (!s->len)
            return s;
        if (s->hash == k->hash && s->len == k->len && s->head[0] == k->head[0] &&
            s->head[1] == k->head[1] &&
            (k->len <= TOPICS_HEAD ||
             !memcmp(m->keys + s->off, k->bytes + TOPICS_HEAD, k->len - TOPICS_HEAD)))
            return s;
    }
}

static int topics_map_get(const struct topics_map *m, const char *bytes, size_t len)
{
    struct topics_key k;
    const struct topics_slot *s;

    topics_key_init(&k, bytes, len);
    s = topics_map_find(m, &k);
    return s->len ? s->val : TOPICS_ABSENT;
}

static void topics_map_grow(struct topics_map *m)
{
    struct topics_slot *old = m->slots;
    size_t i, j, oldcap = m->mask + 1;

    m->mask = oldcap * 2 - 1;
    m->slots = niche_xcalloc(m->mask + 1, sizeof(*m->slots));
    for (i = 0; i < oldcap; i++) {
        if (!old[i].len)
            continue;
        for (j = old[i].hash & m->mask; m->slots[j].len; j = (j + 1) & m->mask)
            ;
        m->slots[j] = old[i];
    }
    free(old);
}

/* Add k -> val; k must be absent. Returns its slot. */
static struct topics_slot *topics_map_add(struct topics_map *m, const struct topics_key *k,
                                          int val)
{
    struct topics_slot *s;

    if ((m->nr + 1) * 2 > m->mask + 1)
        topics_map_grow(m);
    s = topics_map_find(m, k);
    memcpy(s->head, k->head, sizeof(s->head));
    s->hash = k->hash;
    s->off = 0;
    s->len = (uint8_t)k->len;
    s->val = (int8_t)val;
    s->lang = 0;
    if (k->len > TOPICS_HEAD) {
        size_t tail = k->len - TOPICS_HEAD;

        NICHE_ALLOC_GROW(m->keys, m->keys_nr + tail, m->keys_alloc);
        memcpy(m->keys + m->keys_nr, k->bytes + TOPICS_HEAD, tail);
        s->off = (uint32_t)m->keys_nr;
        m->keys_nr += tail;
    }
    m->nr++;
    return s;
}

/* ---- the classifier object ---------------------------------------------- */

struct topics_lang {
    char code[16];                  /* lowercase, as given */
    struct sb_stemmer *stemmer;     /* owned; NULL: no Snowball stemmer */
};

struct niche_topics {
    struct topics_map exact, tags, stems;   /* the lexicon, read-only */
    struct topics_map stop;                 /* slot byte + word: not a topic word */
    struct topics_map memo;                 /* flag byte + word -> niche */
    struct sb_stemmer *english;             /* owned */
    struct topics_lang langs[TOPICS_MAX_LANGS];
    int nlangs;
    char last_lang[16];                     /* the last code looked up... */
    int last_slot;                          /* ...and its slot */
    char norm[4 * TOPICS_MAX_WORD + 8];     /* a normalised word */
};

/*
 * The slot of a language code ("pt", "pt-BR", "german"): 0 for English or
 * none, else 1 + its index in t->langs. A language's stemmer is created on
 * first use and kept (NULL when Snowball has none: "et", "ja").
 */
static int topics_lang_slot_of(struct niche_topics *t, const char *lang)
{
    char code[sizeof(t->langs[0].code)];
    size_t n = 0;
    int i;

    while (n < sizeof(code) - 1 && ((lang[n] | 32) >= 'a' && (lang[n] | 32) <= 'z')) {
        code[n] = (char)niche__lower((unsigned char)lang[n]);
        n++;
    }
    code[n] = '\0';
    if (n < 2 || (lang[n] && lang[n] != '-' && lang[n] != '_' && lang[n] != '=') ||
        !strcmp(code, "en") || !strcmp(code, "eng") || !strcmp(code, "english"))
        return 0;
    for (i = 0; i < t->nlangs; i++)
        if (!strcmp(t->langs[i].code, code))
            return i + 1;
    if (t->nlangs == TOPICS_MAX_LANGS)
        return 0;   /* hostile input: stop caching, treat it as English */
    memcpy(t->langs[i].code, code, n + 1);
    t->langs[i].stemmer = sb_stemmer_new(code, "UTF_8");
    t->nlangs++;
    return i + 1;
}

/* topics_lang_slot_of(), remembering the last code: feeds come in runs of
 * one account's texts, one language. */
static int topics_lang_slot(struct niche_topics *t, const char *lang)
{
    size_t n;

    if (!lang)
        return 0;
    if (!strcmp(lang, t->last_lang))
        return t->last_slot;
    t->last_slot = topics_lang_slot_of(t, lang);
    n = strlen(lang);
    if (n < sizeof(t->last_lang))
        memcpy(t->last_lang, lang, n + 1);
    return t->last_slot;
}

/* ---- normalisation ------------------------------------------------------ */

static int topics_is_word_cp(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* The code point at s[i] into *cp; its length, 0 when s[i] starts no
 * valid UTF-8 sequence. */
static size_t topics_decode(const unsigned char *s, size_t i, size_t n, utf8proc_int32_t *cp)
{
    size_t k = niche__utf8_seq(s, i, n), j;
    utf8proc_int32_t c;

    if (!k)
        return 0;
    c = k == 1 ? s[i] : s[i] & (0x7f >> k);
    for (j = 1; j < k; j++)
        c = c << 6 | (s[i + j] & 0x3f);
    *cp = c;
    return k;
}

/*
 * NFKC, case folding and marks stripped, keeping only word characters
 * (compatibility forms can expand into punctuation: "½" is "1⁄2"). in is
 * valid UTF-8. The result goes to out (cap bytes); returns its length, 0
 * when it is empty or does not fit.
 */
static size_t topics_normalise(const char *in, size_t len, char *out, size_t cap)
{
    utf8proc_uint8_t *map = NULL;
    utf8proc_ssize_t mlen, i = 0;
    size_t n = 0;

    mlen = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, &map,
                        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    while (mlen > 0 && i < mlen) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(map + i, mlen - i, &cp);

        if (k <= 0)
            break;
        if (topics_is_word_cp(cp)) {
            if (n + (size_t)k > cap) {
                n = 0;
                break;
            }
            memcpy(out + n, map + i, (size_t)k);
            n += (size_t)k;
        }
        i += k;
    }
    free(map);
    return n;
}

/* ---- matching ----------------------------------------------------------- */

/* The stem of w by the stemmer of language slot in the stems of that
 * language: a niche or < 0. */
static int topics_stem_lookup(const struct niche_topics *t, int slot, const char *w, size_t n)
{
    struct sb_stemmer *st = slot ? t->langs[slot - 1].stemmer : t->english;
    const sb_symbol *stem = st ? sb_stemmer_stem(st, (const sb_symbol *)w, (int)n) : NULL;
    char key[256];
    int len;

    if (!stem)
        return -1;   /* no stemmer, or out of memory inside libstemmer */
    len = sb_stemmer_length(st);
    if (len < TOPICS_MIN_STEM || len >= (int)sizeof(key))
        return -1;
    key[0] = (char)slot;
    memcpy(key + 1, stem, (size_t)len);
    return topics_map_get(&t->stems, key, (size_t)len + 1);
}

/* Is w, in the language of slot, a word that is never a topic in running
 * text ("car" in French, "Art" in German)? */
static int topics_is_stop(const struct niche_topics *t, const char *w, size_t n, int slot)
{
    char key[256];

    if (!slot || n >= sizeof(key) || !t->stop.nr)
        return 0;
    key[0] = (char)slot;
    memcpy(key + 1, w, n);
    return topics_map_get(&t->stop, key, n + 1) != TOPICS_ABSENT;
}

/* An exact word: a term of another language than the text's counts only
 * when the text's language is English or unknown (slot 0). */
static int topics_exact_lookup(const struct niche_topics *t, const char *w, size_t n, int slot)
{
    struct topics_key k;
    const struct topics_slot *s;

    topics_key_init(&k, w, n);
    s = topics_map_find(&t->exact, &k);
    if (!s->len || (s->lang && slot && s->lang != slot))
        return -1;
    return s->val;
}

/* A word (normalised) by exact form, hashtag and stems: a niche or < 0.
 * slot is the text's language slot (0: English or unknown). */
static int topics_match_word(const struct niche_topics *t, const char *w, size_t n, int slot,
                             int tag)
{
    int v;

    if (!tag && topics_is_stop(t, w, n, slot))
        return -1;   /* hashtags are not running text: "#car" is a car */
    v = topics_exact_lookup(t, w, n, slot);
    if (v < 0 && tag)
        v = topics_map_get(&t->tags, w, n);
    if (v < 0 && slot)
        v = topics_stem_lookup(t, slot, w, n);
    if (v < 0)
        v = topics_stem_lookup(t, 0, w, n);
    return v;
}

/* Generic parts of hashtags, around the word that says the niche. Longest
 * first, so "lovers" is tried before "lover". */
static const char *const topics_tag_suffixes[] = {
    "ofinstagram", "inspiration", "motivation", "community", "oftiktok", "bloggers",
    "stagram", "blogger", "addict", "lovers", "lover", "daily", "goals", "inspo",
    "vibes", "world", "gram", "life", "tips", "time", "love", "ofig", "tok", NULL
};
static const char *const topics_tag_prefixes[] = {
    "ilove", "insta", "daily", "love", "best", "the", "my", NULL
};

/* A hashtag without its generic affix: its niche, or < 0. */
static int topics_match_affix(const struct niche_topics *t, const char *w, size_t n,
                              int slot)
{
    size_t i, k;
    int v;

    for (i = 0; topics_tag_suffixes[i]; i++) {
        k = strlen(topics_tag_suffixes[i]);
        if (n >= k + 3 && !memcmp(w + n - k, topics_tag_suffixes[i], k) &&
            (v = topics_match_word(t, w, n - k, slot, 1)) >= 0)
            return v;
    }
    for (i = 0; topics_tag_prefixes[i]; i++) {
        k = strlen(topics_tag_prefixes[i]);
        if (n >= k + 3 && !memcmp(w, topics_tag_prefixes[i], k) &&
            (v = topics_match_word(t, w + k, n - k, slot, 1)) >= 0)
            return v;
    }
    return -1;
}

static int topics_known(const struct niche_topics *t, const char *w, size_t n)
{
    int v = topics_map_get(&t->exact, w, n);

    return v >= 0 ? v : topics_map_get(&t->tags, w, n);
}

/*
 * A compound hashtag split in two at a known part of at least 4 bytes,
 * the longest one; on a tie the head (the end, as in English compounds:
 * "homecooking" is about cooking) wins over the modifier.
 */
static int topics_match_split(const struct niche_topics *t, const char *w, size_t n)
{
    size_t p, head_len = 0, mod_len = 0;
    int head = -1, mod = -1, v;

    if (n < 6)
        return -1;
    for (p = 2; p + 4 <= n && head < 0; p++)
        if ((v = topics_known(t, w + p, n - p)) >= 0)
            head = v, head_len = n - p;
    for (p = n - 2; p >= 4 && mod < 0; p--)
        if ((v = topics_known(t, w, p)) >= 0)
            mod = v, mod_len = p;
    if (head >= 0 && head_len >= mod_len)
        return head;
    return mod;
}

/* Resolve a memo key (flag byte, then the word as written): niche or -1. */
static int topics_resolve(struct niche_topics *t, const unsigned char *key, size_t klen,
                          int ascii)
{
    int slot = key[0] >> 1, tag = key[0] & 1, v;
    const char *w = (const char *)key + 1;
    size_t n = klen - 1;

    if (!ascii) {
        n = topics_normalise(w, n, t->norm, sizeof(t->norm));
        w = t->norm;
        if (n < 2 || n > 255)
            return -1;
    }
    v = topics_match_word(t, w, n, slot, tag);
    if (v < 0 && tag)
        v = topics_match_affix(t, w, n, slot);
    if (v < 0 && tag)
        v = topics_match_split(t, w, n);
    return v < 0 ? -1 : v;
}

/* ---- scanning text ------------------------------------------------------ */

/* One niche_topics_feed() call. */
struct topics_scan {
    struct niche_topics *t;
    struct niche_topic_acc *acc;
    double weight[2];               /* of a word, of a hashtag */
    int all_tags;                   /* NICHE_TOPIC_HASHTAGS: every word is one */
    int slot;                       /* language slot */
    int has_at;                     /* the text holds an '@' somewhere */
    union {
        uint64_t align;
        unsigned char b[TOPICS_MAX_WORD + 8];   /* flag byte + word */
    } key;
};

/* ASCII letters lowercased and digits as themselves; 0 for every other
 * byte, non-ASCII ones included. */
static const unsigned char topics_lower[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f',
    ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l',
    ['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r',
    ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
    ['Y'] = 'y', ['Z'] = 'z',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f',
    ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
    ['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r',
    ['s'] = 's', ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
    ['y'] = 'y', ['z'] = 'z',
};

/* Count the word in sc->key (klen bytes, zero-padded to 16): memo first,
 * resolve on a miss. */
static inline void topics_count(struct topics_scan *sc, size_t klen, int ascii)
{
    struct niche_topics *t = sc->t;
    struct topics_key k;
    const struct topics_slot *s;
    int v;

    memcpy(k.head, sc->key.b, sizeof(k.head));
    k.bytes = (const char *)sc->key.b;
    k.len = klen;
    topics_key_hash(&k);
    s = topics_map_find(&t->memo, &k);
    if (s->len) {
        v = s->val;
    } else {
        v = topics_resolve(t, sc->key.b, klen, ascii);
        if (t->memo.nr < TOPICS_MEMO_MAX && t->memo.keys_nr + klen <= TOPICS_MEMO_BYTES)
            topics_map_add(&t->memo, &k, v);
    }
    if (v >= 0) {
        double w = sc->weight[sc->key.b[0] & 1];

        sc->acc->score[v] += w;
        sc->acc->total += w;
        sc->acc->matches++;
    }
}

/* The rest of a word from s[i] on, past its first non-ASCII character:
 * keys[klen] is where it goes. Invalid UTF-8 is dropped, not a break. */
static size_t topics_word_utf8(struct topics_scan *sc, const unsigned char *s, size_t i,
                               size_t n, size_t klen)
{
    unsigned char *key = sc->key.b;
    utf8proc_int32_t cp;
    size_t k;

    while (i < n) {
        if (s[i] < 0x80) {
            if (!topics_lower[s[i]])
                break;
            if (klen <= TOPICS_MAX_WORD)
                key[klen] = topics_lower[s[i]];
            klen++, i++;
        } else if (!(k = topics_decode(s, i, n, &cp))) {
            i++;
        } else if (!topics_is_word_cp(cp)) {
            break;
        } else {
            if (klen + k <= TOPICS_MAX_WORD + 1)
                memcpy(key + klen, s + i, k);
            klen += k, i += k;
        }
    }
    if (klen <= TOPICS_MAX_WORD + 1)
        topics_count(sc, klen, 0);
    return i;
}

/* The word starting at s[i], a word character: count it, return where it
 * ends. The loop that matters copies ASCII letters and digits, lowercased,
 * with no other test: a word longer than TOPICS_MAX_WORD is skipped. */
static size_t topics_word(struct topics_scan *sc, const unsigned char *s, size_t i, size_t n,
                          int tag)
{
    unsigned char *key = sc->key.b, *q = key + 1, c;
    size_t klen, lim = n - i > TOPICS_MAX_WORD ? i + TOPICS_MAX_WORD : n, j;
    const unsigned char *p = s + i, *end = s + lim;

    memset(key, 0, TOPICS_HEAD);
    key[0] = (unsigned char)(sc->slot << 1 | tag);
    while (p < end && (c = topics_lower[*p]))
        *q++ = c, p++;
    i = (size_t)(p - s);
    klen = (size_t)(q - key);
    if (i < n && s[i] >= 0x80)
        return topics_word_utf8(sc, s, i, n, klen);
    if (i == lim && i < n && topics_lower[s[i]]) {
        while (i < n && (topics_lower[s[i]] || s[i] >= 0x80))
            i++;   /* too long to be a term */
        return i;
    }
    if (klen < 3)
        return i;
    for (j = 1; j < klen && key[j] <= '9'; j++)
        ;
    if (j < klen)   /* not a number */
        topics_count(sc, klen, 1);
    return i;
}

/* Does the chunk at s[i] (after whitespace) go unread: a mention, an email
 * (any '@') or a link? Sets *end to its end. */
static int topics_skip_chunk(const struct topics_scan *sc, const unsigned char *s, size_t i,
                             size_t n, size_t *end)
{
    int c = s[i] | 32;
    size_t e;

    if (!sc->has_at && c != 'h' && c != 'w')
        return 0;
    for (e = i; e < n && !niche__isspace(s[e]); e++)
        ;
    *end = e;
    if (sc->has_at && memchr(s + i, '@', e - i))
        return 1;
    return e - i >= 4 && (niche__strncaseeq((const char *)s + i, 4, "http") ||
                          niche__strncaseeq((const char *)s + i, 4, "www."));
}

/*
 * The scanner: whitespace separates chunks, a chunk is skipped whole or
 * split into words at every character that is not a letter, mark or
 * digit. Checking each chunk for '@' only when the text holds one keeps
 * the common caption to a single pass.
 */
static void topics_scan_text(struct topics_scan *sc, const unsigned char *s, size_t n)
{
    size_t i = 0, k, end;
    int start = 1;
    utf8proc_int32_t cp;

    while (i < n) {
        if (start) {
            start = 0;
            if (topics_skip_chunk(sc, s, i, n, &end)) {
                i = end;
                continue;
            }
        }
        if (topics_lower[s[i]]) {
            i = topics_word(sc, s, i, n, sc->all_tags || (i > 0 && s[i - 1] == '#'));
        } else if (s[i] < 0x80) {
            start = niche__isspace(s[i]);
            i++;
        } else if ((k = topics_decode(s, i, n, &cp)) && topics_is_word_cp(cp)) {
            i = topics_word(sc, s, i, n, sc->all_tags || (i > 0 && s[i - 1] == '#'));
        } else {
            i += k ? k : 1;   /* a separator, or a byte that is not UTF-8 */
        }
    }
}

void niche_topics_feed(struct niche_topics *t, struct niche_topic_acc *acc,
                       enum niche_topic_source src, const char *text, size_t len,
                       const char *lang)
{
    struct topics_scan sc;

    if (!t || !acc || !text)
        return;
    sc.t = t;
    sc.acc = acc;
    sc.all_tags = src == NICHE_TOPIC_HASHTAGS;
    sc.weight[0] = src == NICHE_TOPIC_BIO || src == NICHE_TOPIC_CATEGORY ? 3
                 : src == NICHE_TOPIC_HASHTAGS ? 2 : 1;
    sc.weight[1] = src == NICHE_TOPIC_CAPTION ? 2 : sc.weight[0];
    sc.slot = topics_lang_slot(t, lang);
    sc.has_at = memchr(text, '@', len) != NULL;
    topics_scan_text(&sc, (const unsigned char *)text, len);
}

/* ---- building the lexicon ----------------------------------------------- */

/* Index key -> niche in m; a key already there for another niche is a
 * defect of the lexicon. Returns the slot, NULL on error. */
static struct topics_slot *topics_index(struct topics_map *m, const char *key, size_t len,
                                        int niche, const char *term, struct niche_error *err)
{
    struct topics_key k;
    struct topics_slot *s;

    topics_key_init(&k, key, len);
    s = topics_map_find(m, &k);
    if (!s->len)
        return topics_map_add(m, &k, niche);
    if (s->val == niche)
        return s;
    niche_error_set(err, NICHE_EINVAL,
                    "topics: lexicon term '%s' of '%s' has key '%.*s' of '%s'", term,
                    niche < 0 ? "stop" : topics_names[niche], (int)len, key,
                    s->val < 0 ? "stop" : topics_names[s->val]);
    return NULL;
}

/* Index an exact word of language slot (0: any). The same word in two
 * languages of one niche ("moda") is a word of any language. */
static int topics_index_exact(struct niche_topics *t, const char *w, size_t n, int slot,
                              int niche, const char *term, struct niche_error *err)
{
    int fresh = topics_map_get(&t->exact, w, n) == TOPICS_ABSENT;
    struct topics_slot *s = topics_index(&t->exact, w, n, niche, term, err);

    if (!s)
        return NICHE_EINVAL;
    if (fresh)
        s->lang = (uint8_t)slot;
    else if (s->lang != slot)
        s->lang = 0;
    return 0;
}

static int topics_index_key(struct topics_map *m, int slot, const char *w, size_t n,
                            int niche, const char *term, struct niche_error *err)
{
    char key[256];

    if (n + 1 > 255)
        return niche_error_set(err, NICHE_EINVAL, "topics: lexicon term '%s' too long", term);
    key[0] = (char)slot;
    memcpy(key + 1, w, n);
    if (!topics_index(m, key, n + 1, niche, term, err))
        return NICHE_EINVAL;
    return 0;
}

/* Index the stem of w (a term of language slot) among that language's. */
static int topics_index_stem(struct niche_topics *t, int slot, const char *w, size_t n,
                             int niche, const char *term, struct niche_error *err)
{
    struct sb_stemmer *st = slot ? t->langs[slot - 1].stemmer : t->english;
    const sb_symbol *stem;

    if (!st)
        return 0;   /* a language Snowball does not stem: exact forms only */
    stem = sb_stemmer_stem(st, (const sb_symbol *)w, (int)n);
    if (!stem)
        return niche_error_set(err, NICHE_ENOMEM, "topics: stemming '%s' failed", term);
    if (sb_stemmer_length(st) < TOPICS_MIN_STEM)
        return 0;
    return topics_index_key(&t->stems, slot, (const char *)stem,
                            (size_t)sb_stemmer_length(st), niche, term, err);
}

/* One term (NUL-terminated) of a row: its normalised form among the exact
 * words, the hashtags or the stop words, its stem among its language's
 * stems. */
static int topics_add_term(struct niche_topics *t, const struct topics_row *row,
                           const char *term, struct niche_error *err)
{
    char norm[4 * TOPICS_MAX_WORD];
    size_t n = topics_normalise(term, strlen(term), norm, sizeof(norm));
    int rc, slot;

    if (n < 2 || n > TOPICS_MAX_WORD)
        return niche_error_set(err, NICHE_EINVAL, "topics: bad lexicon term '%s'", term);
    if (!strcmp(row->lang, "#"))
        return topics_index(&t->tags, norm, n, row->niche, term, err) ? 0 : NICHE_EINVAL;
    if (!strcmp(row->lang, "="))
        return topics_index_exact(t, norm, n, 0, row->niche, term, err);
    slot = topics_lang_slot(t, row->lang);   /* "de=" is "de" */
    if (row->niche == TOPICS_STOP)
        return topics_index_key(&t->stop, slot, norm, n, TOPICS_STOP, term, err);
    rc = topics_index_exact(t, norm, n, slot, row->niche, term, err);
    if (rc == 0 && !strchr(row->lang, '='))
        rc = topics_index_stem(t, slot, norm, n, row->niche, term, err);
    return rc;
}

static int topics_add_row(struct niche_topics *t, const struct topics_row *row,
                          struct niche_error *err)
{
    const char *p = row->terms;
    char term[TOPICS_MAX_WORD + 1];
    int rc = 0;

    while (*p && rc == 0) {
        size_t n = strcspn(p, " ");

        if (n > TOPICS_MAX_WORD)
            return niche_error_set(err, NICHE_EINVAL, "topics: lexicon term too long");
        memcpy(term, p, n);
        term[n] = '\0';
        if (n)
            rc = topics_add_term(t, row, term, err);
        p += n + (p[n] == ' ');
    }
    return rc;
}

/* ---- public API --------------------------------------------------------- */

const char *niche_topic_name(enum niche_topic t)
{
    return (unsigned)t < NICHE_TOPIC__COUNT ? topics_names[t] : "unknown";
}

int niche_topic_parse(const char *name)
{
    int i;

    if (!name)
        return -1;
    for (i = 0; i < NICHE_TOPIC__COUNT; i++)
        if (niche__strncaseeq(name, strlen(name), topics_names[i]))
            return i;
    return -1;
}

void niche_topic_acc_init(struct niche_topic_acc *acc)
{
    memset(acc, 0, sizeof(*acc));
}

int niche_topics_new(struct niche_topics **out, struct niche_error *err)
{
    struct niche_topics *t = niche_xcalloc(1, sizeof(*t));
    size_t i;
    int rc = 0;

    *out = NULL;
    topics_map_init(&t->exact, 2048);
    topics_map_init(&t->tags, 256);
    topics_map_init(&t->stop, 64);
    topics_map_init(&t->stems, 4096);
    topics_map_init(&t->memo, 4096);
    t->english = sb_stemmer_new("english", "UTF_8");
    if (!t->english) {
        rc = niche_error_set(err, NICHE_EUNSUPPORTED, "topics: libstemmer has no english");
        goto out;
    }
    for (i = 0; i < TOPICS_NROWS && rc == 0; i++)
        rc = topics_add_row(t, &lexicon[i], err);
    if (rc < 0)
        goto out;
    *out = t;   /* caller owns it now */
    t = NULL;
out:
    niche_topics_free(t);
    return rc;
}

void niche_topics_free(struct niche_topics *t)
{
    int i;

    if (!t)
        return;
    for (i = 0; i < t->nlangs; i++)
        sb_stemmer_delete(t->langs[i].stemmer);
    sb_stemmer_delete(t->english);
    topics_map_release(&t->exact);
    topics_map_release(&t->tags);
    topics_map_release(&t->stop);
    topics_map_release(&t->stems);
    topics_map_release(&t->memo);
    free(t);
}

int niche_topics_labels(const struct niche_topic_acc *acc, struct niche_topic_label *out)
{
    int n = 0, i, best;
    unsigned taken = 0;

    if (!acc || !out || !(acc->total > 0))
        return 0;
    while (n < NICHE_TOPIC_MAX_LABELS) {
        best = -1;
        for (i = 0; i < NICHE_TOPIC__COUNT; i++)
            if (!(taken & 1u << i) && (best < 0 || acc->score[i] > acc->score[best]))
                best = i;
        if (best < 0 || acc->score[best] / acc->total < NICHE_TOPIC_MIN_SHARE)
            break;
        taken |= 1u << best;
        out[n].topic = (enum niche_topic)best;
        out[n].score = acc->score[best] / acc->total;
        n++;
    }
    return n;
}

/* ---- for the unit tests ------------------------------------------------- */

/* Not API: row i of the lexicon, NULL past the end (tests/unit/test_topics.c
 * checks that every term classifies as its own niche). */

const char *niche__topics_row(size_t i, int *niche, const char **lang)
{
    if (i >= TOPICS_NROWS)
        return NULL;
    *niche = lexicon[i].niche;
    *lang = lexicon[i].lang;
    return lexicon[i].terms;
}
