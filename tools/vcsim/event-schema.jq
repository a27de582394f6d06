# Keeps the part of vim25-types.json (written by build-vcsim.sh) that event JSON needs: Event and all its
# subtypes, every type their fields can hold (for interface fields, "Base<T>", also every subtype of T, since the
# XML names the concrete type in xsi:type), the base types of all of those, and the ArrayOf<primitive> wrappers
# that KeyAnyValue.value (AnyType) can carry. Output: one type per line, sorted, so diffs stay readable.
. as $all
| (reduce (to_entries[] | select(.value.base != null)) as $e ({}; .[$e.value.base] += [$e.key])) as $subs
| def descendants($t): [$t] + ((($subs[$t] // []) | map(descendants(.)) | add) // []);
  def fieldTypes($t):
    ($all[$t].base // empty),
    ($all[$t].fields[].type
      | if startswith("Base") and ($all[.[4:]] != null) then descendants(.[4:])[]
        elif $all[.] != null then .
        else empty end);
  def closure:
    . as $set
    | ([$set[] | fieldTypes(.)] | unique) as $found
    | ($found - $set) as $new
    | if ($new | length) == 0 then $set else ($set + $new | unique | closure) end;
  ([keys[] | select(startswith("ArrayOf"))
      | select(($all[.].fields | length) == 1 and ($all[$all[.].fields[0].type] == null
               or $all[.].fields[0].type == "ManagedObjectReference"))]) as $wrappers
| ((descendants("Event") + $wrappers + ["ManagedObjectReference"]) | unique | closure) as $keep
| ($keep | map({(.): true}) | add) as $wanted
| [to_entries[] | select($wanted[.key])] | sort_by(.key)
| "{\n" + (map("\(.key | tojson):\(.value | tojson)") | join(",\n")) + "\n}"
