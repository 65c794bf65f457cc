func.func @sub(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.sub %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @div(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.div %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @pow(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.pow %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @maximum(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.maximum %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @minimum(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32>) -> tensor<3xf32> {
  %0 = npg.minimum %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @neg(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.neg %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @log(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.log %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @sqrt(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.sqrt %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @abs(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.abs %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @sigmoid(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.sigmoid %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @relu(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.relu %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @cos(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.cos %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @tan(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.tan %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @steps(%x: tensor<3xf32> {npg.requires_grad}) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = npg.sign %x : tensor<3xf32>
  %1 = npg.floor %x : tensor<3xf32>
  %2 = npg.ceil %x : tensor<3xf32>
  %3 = npg.round %x : tensor<3xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
