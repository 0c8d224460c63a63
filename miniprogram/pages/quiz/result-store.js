// Hands a graded attempt from the answer page to the result page (the API has no GET for a
// result). Kept in storage so that it also survives the page being rebuilt.
const storage = require('../../utils/storage');

const key = (attemptId) => `quiz_result_${attemptId}`;

module.exports = {
  put(attemptId, result) { storage.set(key(attemptId), result); },
  take(attemptId) { return storage.get(key(attemptId)); },
};
