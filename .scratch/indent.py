import sys
p=sys.argv[1]
lines=open(p).read().split('\n')
out=[];state=0
for l in lines:
    if state==0:
        out.append(l)
        if l.startswith('describe.each('): state=1
    elif state==1:
        if l.startswith('  it(') or l.startswith('  describe('): state=2; out.append(l)
        else: out.append(('  '+l) if l else l)
    else: out.append(l)
open(p,'w').write('\n'.join(out))
