// Sphinx 9's Chinese search data (language_data.js) names a ChineseStemmer it does not define
// ("window.Stemmer = ChineseStemmer"), which stops the search page. Chinese words need no
// stemming; the English words in Chinese pages use the English stemmer defined just before.
window.ChineseStemmer = function () { return new EnglishStemmer(); };
