// Package media validates uploads and prepares them for storage: photos are
// decoded and re-encoded into responsive variants (nothing but pixels
// survives, so EXIF and GPS data vanish), and attachments (PDF, DOC, DOCX,
// XLS, XLSX) are checked from their bytes and given a safe download name.
// An attachment is addressed by a random key (Item.FileKey, FileURL), never
// by its sequential ID, and is for visitors only while Item.Public: while a
// published document or consultation of its site lists it (the stores keep
// that in the transaction that saves the owner). Staff open any attachment
// of their site with OpenFile, visitors with OpenPublicFile.
//
// The package is pure: it knows nothing of HTTP or of where bytes are kept.
// Storage goes through the BlobStore interface, implemented on local disk by
// media/localfs.
//
// Every error returned to callers is an *apperr.Error (Invalid or TooLarge)
// whose Message is safe to show an editor, in Vietnamese.
package media
