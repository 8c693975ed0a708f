-- The words the recurring causes' term lists leave out (불용어), kept by the VOC office. A new
-- installation starts with fillers, pronouns, time words and the polite phrases every
-- complaint has; the words are stored as `domain::recurring::StopWords` parses them.
CREATE TABLE stop_words (
    word TEXT PRIMARY KEY
);
INSERT INTO stop_words (word) VALUES
    ('너무'), ('정말'), ('진짜'), ('매우'), ('아주'), ('그리고'), ('그래서'), ('그런데'), ('하지만'), ('그냥'),
    ('많이'), ('계속'), ('다시'), ('이번'), ('오늘'), ('어제'), ('지금'), ('저는'), ('제가'), ('저희'),
    ('우리'), ('있습니다'), ('없습니다'), ('있는'), ('없는'), ('있어서'), ('없어서'), ('같습니다'),
    ('부탁드립니다'), ('해주세요'), ('해주십시오'), ('주세요'), ('바랍니다'), ('감사합니다'), ('때문'),
    ('때문에'), ('관련'), ('문의'), ('요청'), ('민원'), ('부분'), ('경우'), ('생각'), ('않습니다'), ('않아요'),
    ('않고'), ('않는'), ('있어요'), ('없어요'), ('같아요');
