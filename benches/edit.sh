# Sourced by benches/build.sh and benches/once.sh (with CORPUS and LOGS set): the one
# article their edit runs change, in the gloss and the Hugo copy of the corpus, kept as it
# was and put back when the script exits.
EDITED=content/briefings/b00000.md
cp "$CORPUS/gloss/$EDITED" "$LOGS/edited-gloss.md"
cp "$CORPUS/hugo/$EDITED" "$LOGS/edited-hugo.md"
restore() {
    cp "$LOGS/edited-gloss.md" "$CORPUS/gloss/$EDITED"
    cp "$LOGS/edited-hugo.md" "$CORPUS/hugo/$EDITED"
}
trap restore EXIT
edit() { # copy (gloss or hugo), sentence
    { cat "$LOGS/edited-$1.md"; printf '\n%s\n' "$2"; } >"$CORPUS/$1/$EDITED"
}
